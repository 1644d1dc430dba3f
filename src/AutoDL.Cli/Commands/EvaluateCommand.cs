using System.CommandLine;
using System.Text.Json;
using AutoDL.Cli.Rendering;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl evaluate MODEL DATA</c>: metrics of a model on labelled data.</summary>
internal static class EvaluateCommand
{
    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var data = new Argument<string>("DATA") { Description = "Labelled data in any format `fit` reads; when it has a test split, that split is evaluated." };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the metrics as JSON to this file (or to metrics.json in this folder)." };
        var command = new Command("evaluate", "Measure a model on labelled data: accuracy, macro-F1, per-class precision and recall, confusion matrix.") { model, data, output };
        var engine = new InferenceEngineOptions();
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            using var predictor = Predictor.Load(parse.GetValue(model)!, engine.Read(parse));
            var options = new ImportOptions { TargetShape = predictor.Manifest.Input, ClassNames = predictor.ClassNames };
            var imported = DataImporter.Import(parse.GetValue(data)!, options, null, cancellationToken);
            foreach (var s in imported.Skipped)
            {
                consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
            }
            var set = imported.Test ?? imported.Train;
            var report = predictor.Evaluate(set);
            ReportTables.Write(consoles.Out, report, imported.Test is null ? "Evaluation" : "Evaluation (test split)");
            if (parse.GetValue(output) is { } path)
            {
                var file = Directory.Exists(path) ? Path.Combine(path, "metrics.json") : path;
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }
                File.WriteAllText(file, JsonSerializer.Serialize(report, ModelPackage.JsonOptions));
                consoles.Out.MarkupLine($"Metrics written to [bold]{Markup.Escape(file)}[/]");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
