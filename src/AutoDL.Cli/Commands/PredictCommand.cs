using System.CommandLine;
using System.Globalization;
using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.SemanticSegmentation;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl predict MODEL FILE|DIR…</c>: a model package's predictions on images, rendered by its task.</summary>
internal static class PredictCommand
{
    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var inputs = new Argument<string[]>("FILE|DIR") { Description = "Image files, or folders whose images (searched recursively) are predicted.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output format: a table, JSON (one entry per image) or CSV.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var topK = new Option<int>("--top-k") { Description = "Classifiers: how many of the most probable classes to show per image.", DefaultValueFactory = _ => 1 };
        var minScore = new Option<double>("--min-score") { Description = "Detectors: leave out objects scoring below this (0 to 1).", DefaultValueFactory = _ => ObjectDetector.DefaultMinScore };

        var masks = new Option<string?>("--masks") { Description = "Segmentation: the folder to write one mask per image into (PNG, same name, pixel value = class index) with summary.json." };
        var overlay = new Option<string?>("--overlay") { Description = "Segmentation: also write each image with its classes' colours laid over it (JPEG) into this folder." };

        var command = new Command("predict", "Classify images, find the objects in them, or label their pixels, with a trained model.") { model, inputs, format, topK, minScore, masks, overlay };
        var engine = new InferenceEngineOptions();
        engine.AddTo(command);
        command.SetAction((parse, _) => CommandRunner.RunAsync(consoles, () =>
        {
            int k = parse.GetValue(topK);
            if (k < 1)
            {
                throw new UsageException("--top-k must be at least 1.");
            }
            double score = parse.GetValue(minScore);
            if (!(score is >= 0 and <= 1))
            {
                throw new UsageException($"--min-score {score.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
            }
            var package = ModelPackage.ReadContents(parse.GetValue(model)!);
            var files = ExpandInputs(parse.GetValue(inputs)!);
            bool segmentation = package.Manifest.Task == SemanticSegmentationTask.TaskName;
            var maskFolder = parse.GetValue(masks);
            if (segmentation != (maskFolder is not null))
            {
                throw new UsageException(segmentation
                    ? "A segmentation model writes a mask per image: add --masks DIR."
                    : $"--masks is for segmentation models; '{package.Path}' holds an {package.Manifest.Task} model.");
            }
            if (!segmentation && parse.GetValue(overlay) is not null)
            {
                throw new UsageException("--overlay draws a segmentation model's masks; leave it out for this model.");
            }
            return package.Manifest.Task switch
            {
                ObjectDetectionTask.TaskName => ObjectPrediction.Run(consoles, package, files, parse.GetValue(format)!, score, engine.Read(parse)),
                SemanticSegmentationTask.TaskName => MaskPrediction.Run(consoles, package, files, parse.GetValue(format)!, maskFolder!, parse.GetValue(overlay), engine.Read(parse)),
                _ => ClassPrediction.Run(consoles, package, files, parse.GetValue(format)!, k, engine.Read(parse)),
            };
        }));
        return command;
    }

    /// <summary>The image files of files and folders (searched recursively, in name order); a path that is neither, or a folder without images, is an <see cref="AutoDLException"/>.</summary>
    public static List<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Where(ImageDecoder.HasImageExtension).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new AutoDLException($"The folder '{input}' has no image files ({string.Join(", ", ImageDecoder.Extensions)}).");
                }
                files.AddRange(found);
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new AutoDLException($"'{input}' does not exist. Pass image files or folders of images.");
            }
        }
        return files;
    }
}
