using AutoDL.Cli.Rendering;
using AutoDL.Evaluation;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl evaluate</c> with a classifier: accuracy, macro-F1, per-class figures, on the data's test split or all of it.</summary>
internal static class ClassEvaluation
{
    public static EvaluationReport Run(Consoles consoles, PackageContents package, string data, PredictorOptions options, CancellationToken cancellationToken)
    {
        using var predictor = Predictor.Load(package, options);
        var imported = DataImporter.Import(data, new ImportOptions { TargetShape = predictor.Manifest.Input, ClassNames = predictor.ClassNames }, null, cancellationToken);
        foreach (var s in imported.Skipped)
        {
            consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
        }
        var report = predictor.Evaluate(imported.Test ?? imported.Train);
        ReportTables.Write(consoles.Out, report, imported.Test is null ? "Evaluation" : "Evaluation (test split)");
        return report;
    }
}
