using AutoDL.Cli.Rendering;
using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary>
/// <c>autodl evaluate</c> with a segmentation network: mIoU, pixel accuracy and IoU per class on the data's test split,
/// or on all its images when it has none, every image at its own size (large ones in blended windows) as fit scored its
/// own test split.
/// </summary>
internal static class MaskEvaluation
{
    public static EvaluationReport Run(Consoles consoles, PackageContents package, string data, PredictorOptions options, CancellationToken cancellationToken)
    {
        using var segmenter = SemanticSegmenter.Load(package, options.Backend, options.Threads);
        var listing = SegmentationImporter.Import(data, cancellationToken);
        if (!listing.ClassNames.SequenceEqual(segmenter.ClassNames, StringComparer.Ordinal))
        {
            throw new AutoDLException($"'{data}' names the classes {string.Join(", ", listing.ClassNames)}; the model labels {string.Join(", ", segmenter.ClassNames)}. Evaluate it on data with its classes.");
        }
        var images = listing.In(DataSplit.Test).ToList();
        bool testSplit = images.Count > 0;
        if (!testSplit)
        {
            images = [.. listing.Images];
        }
        var skipped = new List<SkippedFile>(listing.Skipped);
        var set = SegmentationSetBuilder.Build(images, skipped, cancellationToken);
        foreach (var s in skipped)
        {
            consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }
        if (set.Count == 0)
        {
            throw new AutoDLException($"No image of '{data}' could be decoded with its mask; {skipped.Count} file(s) were skipped.");
        }
        var report = segmenter.Evaluate(set);
        SegmentationTables.Write(consoles.Out, report, testSplit ? "Evaluation (test split)" : "Evaluation (every image)");
        return report;
    }
}
