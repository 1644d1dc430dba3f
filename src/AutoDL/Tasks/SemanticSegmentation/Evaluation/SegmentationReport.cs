using System.Text.Json.Serialization;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Report;

namespace AutoDL.Tasks.SemanticSegmentation.Evaluation;

/// <summary>
/// How well a segmentation model did on a labelled set, from one confusion matrix over all its scored pixels
/// (<see cref="PixelConfusion"/>): mean intersection over union, pixel accuracy, each class's IoU and the matrix itself.
/// </summary>
/// <param name="Count">Images evaluated.</param>
/// <param name="MeanIoU">The mean of the classes' IoU, over the classes present in the truth or the prediction; null when no pixel was scored.</param>
/// <param name="PixelAccuracy">Scored pixels predicted as their true class, over all scored pixels; null when none was scored.</param>
/// <param name="PerClass">Each class's figures, in class order.</param>
/// <param name="Confusion">Scored pixels by true class (rows) and predicted class (columns).</param>
public sealed record SegmentationReport(
    int Count,
    [property: JsonPropertyName("miou")] double? MeanIoU,
    [property: JsonPropertyName("pixel_accuracy")] double? PixelAccuracy,
    [property: JsonPropertyName("per_class")] IReadOnlyList<SegmentationClassMetrics> PerClass,
    [property: JsonPropertyName("confusion")] IReadOnlyList<IReadOnlyList<long>> Confusion) : EvaluationReport(Count)
{
    /// <summary>"miou" and "pixel_accuracy", when defined.</summary>
    public override IReadOnlyDictionary<string, double> Scores()
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        if (MeanIoU is double miou)
        {
            scores["miou"] = miou;
        }
        if (PixelAccuracy is double accuracy)
        {
            scores["pixel_accuracy"] = accuracy;
        }
        return scores;
    }

    /// <inheritdoc/>
    public override ReportDetails Details() => new(
    [
        new ReportTable(
            "Intersection over union per class",
            [new("IoU"), new("true pixels", IsCount: true), new("predicted pixels", IsCount: true)],
            [.. PerClass.Select(c => new ReportRow(c.Name, [c.IoU, c.TruePixels, c.PredictedPixels]))]),
    ])
    {
        Confusion = ReportDetails.Matrix("pixels", [.. PerClass.Select(c => c.Name)], Confusion),
    };

    /// <summary>The figures of <paramref name="confusion"/>, accumulated over <paramref name="count"/> images.</summary>
    internal static SegmentationReport From(PixelConfusion confusion, int count, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = confusion.Classes;
        if (classNames.Count != k)
        {
            throw new ArgumentException($"{classNames.Count} class names for a matrix of {k} classes.", nameof(classNames));
        }
        var perClass = new SegmentationClassMetrics[k];
        long correct = 0, total = 0;
        for (int c = 0; c < k; c++)
        {
            long truePixels = 0, predictedPixels = 0;
            for (int other = 0; other < k; other++)
            {
                truePixels += confusion[c, other];
                predictedPixels += confusion[other, c];
            }
            long hits = confusion[c, c];
            long union = truePixels + predictedPixels - hits;
            perClass[c] = new SegmentationClassMetrics(classNames[c], union == 0 ? null : (double)hits / union, truePixels, predictedPixels);
            correct += hits;
            total += truePixels;
        }
        var present = perClass.Where(c => c.IoU.HasValue).Select(c => c.IoU!.Value).ToList();
        return new SegmentationReport(
            count,
            present.Count == 0 ? null : present.Average(),
            total == 0 ? null : (double)correct / total,
            perClass,
            confusion.ToRows());
    }
}
