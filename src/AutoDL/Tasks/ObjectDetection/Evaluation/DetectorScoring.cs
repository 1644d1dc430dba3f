using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.ObjectDetection.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// One pass of a detector over a decoded, letterboxed set in evaluation mode: its detections decoded and mapped back to
/// each image's own pixels, scored as COCO scores them, and its mean loss. Validation during training, fit's test
/// evaluation and <c>autodl evaluate</c> all score through here, so they give the same figures for the same network.
/// </summary>
internal static class DetectorScoring
{
    /// <summary>Images per forward pass.</summary>
    public const int BatchSize = 32;

    /// <summary>
    /// The box term's weight in the loss reported here, whatever the network trained with: the loss only breaks ties in
    /// mAP, and one fixed weighting keeps it comparable between trials.
    /// </summary>
    private const double BoxWeight = 1;

    /// <summary>COCO's figures for <paramref name="network"/> on <paramref name="set"/>, and its mean loss per image.</summary>
    public static (DetectionReport Report, double Loss) Score(nn.Module<Tensor, Tensor> network, DetectionSet set, NormalizationStats normalization, IReadOnlyList<string> classNames, FcosDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(decoder);
        var detector = Detector(network);
        using var points = detector.Layout.Points();
        var found = new List<IReadOnlyList<Detection>>(set.Count);
        double lossSum = 0;
        network.eval();
        using (no_grad())
        {
            foreach (var (start, count) in Batches(set.Count))
            {
                using var scope = NewDisposeScope();
                var predictions = network.forward(Batch(set, normalization, start, count));
                var targets = FcosTargets.Stack([.. Enumerable.Range(start, count).Select(i => FcosTargets.For(points, set.Objects[i], classNames.Count))]);
                lossSum += FcosLoss.Compute(predictions, points, targets, BoxWeight).Total.item<float>() * count;
                found.AddRange(decoder.Decode(predictions, points, set.Shape.Width, set.Shape.Height));
            }
        }
        return (Report(set, found, classNames), lossSum / Math.Max(1, set.Count));
    }

    /// <summary>
    /// COCO's figures for <paramref name="found"/>, each image's detections in the input's pixels, against
    /// <paramref name="set"/>'s objects, both mapped back to each image's own pixels (COCO's object sizes are the
    /// image's, not the letterbox's).
    /// </summary>
    public static DetectionReport Report(DetectionSet set, IReadOnlyList<IReadOnlyList<Detection>> found, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(found);
        var images = new List<EvaluatedImage>(set.Count);
        for (int i = 0; i < set.Count; i++)
        {
            var letterbox = set.Letterboxes[i];
            images.Add(new EvaluatedImage([.. set.Objects[i].Select(letterbox.ToImage)], FcosDecoder.InImage(found[i], letterbox)));
        }
        return CocoEvaluator.Evaluate(images, classNames);
    }

    /// <summary>The first <paramref name="count"/> images of <paramref name="set"/> as one normalised float batch (N × C × H × W).</summary>
    public static Tensor Batch(ImageSet set, NormalizationStats normalization, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(set);
        var shape = set.Shape;
        var builder = new BatchBuilder(shape, normalization);
        var input = new float[(long)count * shape.PixelCount];
        for (int i = 0; i < count; i++)
        {
            builder.Write(set.Image(start + i), input.AsSpan(i * shape.PixelCount, shape.PixelCount));
        }
        return tensor(input, [count, shape.Channels, shape.Height, shape.Width]);
    }

    /// <summary>Consecutive batches of at most <see cref="BatchSize"/> over <paramref name="total"/> images.</summary>
    public static IEnumerable<(int Start, int Count)> Batches(int total)
    {
        for (int start = 0; start < total; start += BatchSize)
        {
            yield return (start, Math.Min(BatchSize, total - start));
        }
    }

    /// <summary>The detector inside <paramref name="network"/> (the trainer may wrap it, as the weight average does).</summary>
    public static FcosNetwork Detector(nn.Module<Tensor, Tensor> network) =>
        network as FcosNetwork
        ?? network.modules().OfType<FcosNetwork>().FirstOrDefault()
        ?? throw new ArgumentException("The network is not a detector this task built.", nameof(network));
}
