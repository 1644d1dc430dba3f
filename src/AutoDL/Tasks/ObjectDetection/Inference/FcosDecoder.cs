using AutoDL.Internal;
using AutoDL.Tasks.ObjectDetection.Data;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// Turns a <see cref="Models.FcosNetwork"/>'s output into detections: a location's score for a class is the geometric
/// mean of its class probability and its centre-ness (as FCOS ranks them), the best candidates above a floor become
/// boxes clipped to the image, and non-maximum suppression per class (<see cref="GreedySuppression"/>, TorchVision's rule
/// over plain arrays) removes the repeats.
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
    /// <param name="width">The input's width, to clip boxes to.</param>
    /// <param name="height">The input's height.</param>
    public IReadOnlyList<Detection>[] Decode(Tensor predictions, Tensor points, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(points);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var scalars = new HeldScalars();
        int classes = (int)predictions.shape[2] - 5;
        var result = new IReadOnlyList<Detection>[predictions.shape[0]];
        for (int n = 0; n < result.Length; n++)
        {
            var image = predictions[n].to_type(ScalarType.Float32);
            var scores = (image[.., ..classes].sigmoid() * image[.., classes + 4].sigmoid().unsqueeze(1)).sqrt();
            var candidates = scores.gt(scalars.Of(MinScore)).nonzero();
            if (candidates.shape[0] == 0)
            {
                result[n] = [];
                continue;
            }
            var (location, label) = (candidates[.., 0], candidates[.., 1]);
            var score = scores[location, label];
            if (score.shape[0] > MaxCandidates)
            {
                var best = score.topk(MaxCandidates).indexes;
                (location, label, score) = (location[best], label[best], score[best]);
            }
            var distances = image.index_select(0, location)[.., classes..(classes + 4)];
            var at = points.index_select(0, location);
            var (x, y) = (at[.., 0], at[.., 1]);
            var (zero, right, bottom) = (HeldScalars.Zero, scalars.Of(width), scalars.Of(height));
            var boxes = stack([
                (x - distances[.., 0]).clamp(zero, right), (y - distances[.., 1]).clamp(zero, bottom),
                x.add(distances[.., 2], HeldScalars.One).clamp(zero, right), y.add(distances[.., 3], HeldScalars.One).clamp(zero, bottom)], 1);
            var corners = boxes.data<float>().ToArray();
            var scoreValues = score.data<float>().ToArray();
            var labels = label.data<long>().ToArray();
            var keep = GreedySuppression.Keep(corners, scoreValues, labels, SuppressionIou, MaxDetections);
            var detections = new Detection[keep.Count];
            for (int k = 0; k < detections.Length; k++)
            {
                int i = keep[k];
                detections[k] = new Detection(BoundingBox.FromCorners(corners[4 * i], corners[(4 * i) + 1], corners[(4 * i) + 2], corners[(4 * i) + 3]), (int)labels[i], scoreValues[i]);
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
