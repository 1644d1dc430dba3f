using AutoDL.Data;
using AutoDL.Internal;
using AutoDL.Tasks.ObjectDetection.Data;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// Turns a <see cref="Models.FcosNetwork"/>'s output into detections in two steps. <see cref="Outputs"/> decodes every
/// location: a class's score is the geometric mean of its probability and the location's centre-ness (as FCOS ranks
/// them), and its box is the location's point moved by the predicted distances, cut to the input; the ONNX graph
/// computes the same (<c>Packaging/Onnx/FcosGraphWriter</c>). <see cref="Select"/> then keeps the best candidates above a
/// floor and removes the repeats by non-maximum suppression per class (<see cref="GreedySuppression"/>, TorchVision's
/// rule over plain arrays), the same for either engine.
/// </summary>
internal sealed record FcosDecoder
{
    /// <summary>Candidates scoring below this are dropped before suppression (FCOS's 0.05).</summary>
    public double MinScore { get; init; } = 0.05;

    /// <summary>At most this many candidates go into suppression.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>A candidate overlapping a better one of its class by more than this intersection-over-union is removed.</summary>
    public double SuppressionIou { get; init; } = 0.6;

    /// <summary>At most this many detections an image (COCO evaluates 100).</summary>
    public int MaxDetections { get; init; } = 100;

    /// <summary>The detections of each image of the batch, best first, boxes in the input's pixels.</summary>
    /// <param name="predictions">N × L × (classes + 5).</param>
    /// <param name="points">The layout's points, L × 5.</param>
    /// <param name="width">The input's width, to cut boxes to.</param>
    /// <param name="height">The input's height.</param>
    public IReadOnlyList<Detection>[] Decode(Tensor predictions, Tensor points, int width, int height) => Select(Outputs(predictions, points, width, height));

    /// <summary>Every location's box and class scores, decoded from the network's raw output.</summary>
    public static DetectorOutputs Outputs(Tensor predictions, Tensor points, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(points);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var scalars = new HeldScalars();
        int images = (int)predictions.shape[0], locations = (int)predictions.shape[1], classes = (int)predictions.shape[2] - 5;
        var raw = predictions.to_type(ScalarType.Float32);
        var scores = raw[.., .., ..classes].sigmoid().mul(raw[.., .., (classes + 4)..(classes + 5)].sigmoid()).sqrt();
        var distances = raw[.., .., classes..(classes + 4)];
        var (x, y) = (points[.., 0].unsqueeze(0), points[.., 1].unsqueeze(0));
        var (zero, right, bottom) = (HeldScalars.Zero, scalars.Of(width), scalars.Of(height));
        var boxes = stack([
            (x - distances[.., .., 0]).clamp(zero, right), (y - distances[.., .., 1]).clamp(zero, bottom),
            x.add(distances[.., .., 2], HeldScalars.One).clamp(zero, right), y.add(distances[.., .., 3], HeldScalars.One).clamp(zero, bottom)], 2);
        return new DetectorOutputs(boxes.contiguous().data<float>().ToArray(), scores.contiguous().data<float>().ToArray(), images, locations, classes);
    }

    /// <summary>The detections of each image, best first: candidates above <see cref="MinScore"/>, the best <see cref="MaxCandidates"/>, suppressed per class.</summary>
    public IReadOnlyList<Detection>[] Select(DetectorOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        int locations = outputs.Locations, classes = outputs.Classes;
        var result = new IReadOnlyList<Detection>[outputs.Images];
        var candidates = new List<(float Score, int Location, int Label)>();
        for (int n = 0; n < result.Length; n++)
        {
            candidates.Clear();
            var scores = outputs.Scores.AsSpan(n * locations * classes, locations * classes);
            for (int i = 0; i < scores.Length; i++)
            {
                if (scores[i] > MinScore)
                {
                    candidates.Add((scores[i], i / classes, i % classes));
                }
            }
            if (candidates.Count > MaxCandidates)
            {
                // Best first; equal scores in location order, so the same outputs always give the same candidates.
                candidates.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : (a.Location, a.Label).CompareTo((b.Location, b.Label)));
                candidates.RemoveRange(MaxCandidates, candidates.Count - MaxCandidates);
            }
            var boxes = outputs.Boxes.AsSpan(n * locations * 4, locations * 4);
            var corners = new float[candidates.Count * 4];
            var candidateScores = new float[candidates.Count];
            var labels = new long[candidates.Count];
            for (int c = 0; c < candidates.Count; c++)
            {
                boxes.Slice(candidates[c].Location * 4, 4).CopyTo(corners.AsSpan(c * 4, 4));
                candidateScores[c] = candidates[c].Score;
                labels[c] = candidates[c].Label;
            }
            var keep = GreedySuppression.Keep(corners, candidateScores, labels, SuppressionIou, MaxDetections);
            var detections = new Detection[keep.Count];
            for (int k = 0; k < detections.Length; k++)
            {
                int i = keep[k];
                detections[k] = new Detection(BoundingBox.FromCorners(corners[4 * i], corners[(4 * i) + 1], corners[(4 * i) + 2], corners[(4 * i) + 3]), (int)labels[i], candidateScores[i]);
            }
            result[n] = detections;
        }
        return result;
    }

    /// <summary>
    /// Detections decoded from a letterboxed input, in the pixels of the image it was made from and cut to it; a box that
    /// lay wholly in the padding is no detection of the image and is dropped.
    /// </summary>
    public static IReadOnlyList<Detection> InImage(IReadOnlyList<Detection> detections, Letterbox letterbox)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(letterbox);
        return [.. detections.Select(d => d with { Box = letterbox.ToImageClipped(d.Box) }).Where(d => d.Box.Area > 0)];
    }
}
