using AutoDL.Data;
using AutoDL.Internal;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.SemanticSegmentation.Evaluation;

/// <summary>
/// Scores a segmentation network on whole images at their own size, as it will predict them: every scored pixel into
/// one confusion matrix (<see cref="SegmentationReport"/>) and the mean cross-entropy per scored pixel. Consecutive
/// images of one size run as a batch.
/// </summary>
internal static class SegmentationScoring
{
    /// <summary>Images a forward pass takes at most.</summary>
    public const int BatchSize = 16;

    public static (SegmentationReport Report, double Loss) Score(nn.Module<Tensor, Tensor> network, IReadOnlyList<SegmentedImage> images, NormalizationStats normalization, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classNames);
        var confusion = new PixelConfusion(classNames.Count);
        double loss = 0;
        long scored = 0;
        network.eval();
        using var _ = no_grad();
        using var scalars = new HeldScalars();
        foreach (var batch in SameSizeBatches(images))
        {
            using var scope = NewDisposeScope();
            var first = batch[0];
            var shape = new ImageShape(SegmentedImage.Channels, first.Height, first.Width);
            var builder = new BatchBuilder(shape, normalization);
            var input = new float[(long)batch.Count * shape.PixelCount];
            var masks = new long[(long)batch.Count * first.Width * first.Height];
            for (int i = 0; i < batch.Count; i++)
            {
                builder.Write(batch[i].Pixels, input.AsSpan(i * shape.PixelCount, shape.PixelCount));
                for (int p = 0; p < batch[i].Mask.Length; p++)
                {
                    masks[(i * batch[i].Mask.Length) + p] = batch[i].Mask[p];
                }
            }
            var logits = network.forward(tensor(input, [batch.Count, shape.Channels, shape.Height, shape.Width]));
            var target = tensor(masks, [batch.Count, shape.Height, shape.Width]);
            loss += nn.functional.cross_entropy(logits, target, ignore_index: SegmentationLoss.Ignore, reduction: nn.Reduction.Sum).item<float>();
            scored += target.ne(scalars.Of(SegmentationLoss.Ignore)).sum().item<long>();
            var predicted = logits.argmax(1).to_type(ScalarType.Byte).data<byte>().ToArray();
            int plane = first.Width * first.Height;
            for (int i = 0; i < batch.Count; i++)
            {
                confusion.Add(batch[i].Mask, predicted.AsSpan(i * plane, plane));
            }
        }
        return (SegmentationReport.From(confusion, images.Count, classNames), scored == 0 ? 0 : loss / scored);
    }

    private static IEnumerable<List<SegmentedImage>> SameSizeBatches(IReadOnlyList<SegmentedImage> images)
    {
        var batch = new List<SegmentedImage>(BatchSize);
        foreach (var image in images)
        {
            if (batch.Count == BatchSize || (batch.Count > 0 && (batch[0].Width, batch[0].Height) != (image.Width, image.Height)))
            {
                yield return batch;
                batch = new List<SegmentedImage>(BatchSize);
            }
            batch.Add(image);
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
