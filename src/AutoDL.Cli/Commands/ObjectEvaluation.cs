using AutoDL.Cli.Rendering;
using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary>
/// <c>autodl evaluate</c> with a detector: COCO's figures on the data's test split, or on all its images when it has
/// none, scored as fit scored its own test split.
/// </summary>
internal static class ObjectEvaluation
{
    public static EvaluationReport Run(Consoles consoles, PackageContents package, string data, PredictorOptions options, CancellationToken cancellationToken)
    {
        using var detector = ObjectDetector.Load(package, options.Backend, options.Threads);
        var listing = DetectionImporter.Import(data, cancellationToken);
        if (!listing.ClassNames.SequenceEqual(detector.ClassNames, StringComparer.Ordinal))
        {
            throw new AutoDLException($"'{data}' names the classes {string.Join(", ", listing.ClassNames)}; the model detects {string.Join(", ", detector.ClassNames)}. Evaluate it on data with its classes.");
        }
        var images = listing.In(DataSplit.Test).ToList();
        bool testSplit = images.Count > 0;
        if (!testSplit)
        {
            images = [.. listing.Images];
        }
        var skipped = new List<SkippedFile>(listing.Skipped);
        var set = DetectionSetBuilder.Build(images, detector.Manifest.Input, skipped, cancellationToken);
        foreach (var s in skipped)
        {
            consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }
        if (set.Count == 0)
        {
            throw new AutoDLException($"No image of '{data}' could be decoded; {skipped.Count} file(s) were skipped.");
        }
        var report = detector.Evaluate(set);
        DetectionTables.Write(consoles.Out, report, testSplit ? "Evaluation (test split)" : "Evaluation (every image)");
        return report;
    }
}
