using System.CommandLine;
using System.Text.Json;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection;
using AutoDL.Tasks.SemanticSegmentation;
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
        var command = new Command("evaluate", "Measure a model on labelled data: a classifier's accuracy, macro-F1 and per-class figures; a detector's COCO mAP, by IoU, object size and class; a segmentation network's mIoU and IoU per class.") { model, data, output };
        var engine = new InferenceEngineOptions();
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            var package = ModelPackage.ReadContents(parse.GetValue(model)!);
            string dataPath = parse.GetValue(data)!;
            var report = package.Manifest.Task switch
            {
                ObjectDetectionTask.TaskName => ObjectEvaluation.Run(consoles, package, dataPath, engine.Read(parse), cancellationToken),
                SemanticSegmentationTask.TaskName => MaskEvaluation.Run(consoles, package, dataPath, engine.Read(parse), cancellationToken),
                _ => ClassEvaluation.Run(consoles, package, dataPath, engine.Read(parse), cancellationToken),
            };
            if (parse.GetValue(output) is { } path)
            {
                var file = Directory.Exists(path) ? Path.Combine(path, "metrics.json") : path;
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }
                File.WriteAllText(file, JsonSerializer.Serialize(report, report.GetType(), ModelPackage.JsonOptions));
                consoles.Out.MarkupLine($"Metrics written to [bold]{Markup.Escape(file)}[/]");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
