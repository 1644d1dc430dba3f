using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Tasks.SemanticSegmentation.Evaluation;

/// <summary>
/// Scores a segmentation network on whole images at their own size, through the pass prediction uses
/// (<see cref="PixelLogits"/>: large images in blended windows): every scored pixel into one confusion matrix
/// (<see cref="SegmentationReport"/>) and the mean cross-entropy per scored pixel.
/// </summary>
internal static class SegmentationScoring
{
    public static (SegmentationReport Report, double Loss) Score(ISegmentationEngine engine, IReadOnlyList<SegmentedImage> images, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classNames);
        var confusion = new PixelConfusion(classNames.Count);
        double loss = 0;
        long scored = 0;
        byte[] predicted = [];
        PixelLogits.Run(engine, [.. images.Select(i => (i.Pixels, i.Width, i.Height))], (index, rows) =>
        {
            var truth = images[index].Mask.AsSpan(rows.Top * rows.Width, rows.Pixels);
            if (predicted.Length < rows.Pixels)
            {
                predicted = new byte[rows.Pixels];
            }
            rows.ArgMax(predicted);
            confusion.Add(truth, predicted.AsSpan(0, rows.Pixels));
            var (sum, count) = rows.CrossEntropy(truth, PixelConfusion.IgnoreLabel);
            loss += sum;
            scored += count;
        });
        return (SegmentationReport.From(confusion, images.Count, classNames), scored == 0 ? 0 : loss / scored);
    }
}
