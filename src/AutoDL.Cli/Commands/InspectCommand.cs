using System.CommandLine;
using AutoDL.Cli.Rendering;
using System.Text.Json;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Quality;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Quality;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl inspect DATA</c>: a data-quality report (JSON and HTML) and a summary in the terminal.</summary>
internal static class InspectCommand
{
    public const string JsonFile = "quality.json";
    public const string HtmlFile = "quality.html";

    private static readonly JsonSerializerOptions s_reportJson = new() { WriteIndented = true };

    public static Command Create(Consoles consoles)
    {
        var data = new Argument<string>("DATA") { Description = "Image folder (DATA/<class>/*.png, optionally DATA/train and DATA/test), CSV manifest (path,label) or IDX folder (MNIST format): anything `fit` reads. Detection data (COCO, Pascal VOC or YOLO) is recognised and reported on too." };
        var output = new Option<string>("--output", "-o") { Description = $"Folder for {JsonFile} and {HtmlFile}, and for the decoded images (.cache), which `autodl fit` with the same --output reuses.", DefaultValueFactory = _ => "autodl-inspect" };
        var noLabelCheck = new Option<bool>("--no-label-check") { Description = "Skip label suspects and outliers: they need a quick cross-validated model, the slow part (minutes on large sets)." };
        var folds = new Option<int>("--folds") { Description = "Folds of the label check's cross-validated model.", DefaultValueFactory = _ => new QualityOptions().Folds };
        var seed = new Option<int>("--seed") { Description = "Seed for the label check's folds and model.", DefaultValueFactory = _ => 42 };
        var command = new Command("inspect", "Check data before training: unreadable files, odd sizes, duplicates and leakage between splits, class balance, likely label errors and outliers. Writes a JSON and an HTML report; exits 0 whatever it finds.")
        {
            data, output, noLabelCheck, folds, seed,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            var options = new QualityOptions
            {
                FindLabelErrors = !parse.GetValue(noLabelCheck),
                Folds = parse.GetValue(folds) is var f && f >= 2 ? f : throw new UsageException($"--folds is {f}; it must be at least 2, so every image is judged by a model trained on the other folds."),
                Seed = parse.GetValue(seed),
            };
            string directory = parse.GetValue(output)!;
            string path = parse.GetValue(data)!;
            if (DetectionImporter.Recognise(path) is not null)
            {
                return InspectDetection(consoles, path, directory, cancellationToken);
            }
            if (SegmentationImporter.Recognise(path) is not null)
            {
                var segmentation = SegmentationInspection.Inspect(path, cancellationToken);
                var segmentationJson = WriteJson(directory, segmentation);
                SegmentationDataSummary.Write(consoles.Out, segmentation, segmentationJson);
                return ExitCodes.Success;
            }
            var progress = new InspectProgress(consoles.Error);

            // The cache under the output folder, with the importer's default size: the key `fit` uses for OUTPUT/.cache, so a fit into the same folder decodes nothing.
            var imported = DataImporter.Import(path, new ImportOptions { CacheDirectory = Path.Combine(directory, ".cache") }, progress, cancellationToken);
            var report = QualityAnalyzer.Analyze(imported, options, progress, cancellationToken);
            // Only now: data that cannot be read leaves no empty report folder behind.
            CreateDirectory(directory);

            string json = Path.Combine(directory, JsonFile);
            string html = Path.Combine(directory, HtmlFile);
            try
            {
                QualityReportJson.Write(report, json);
                QualityReportHtml.Write(report, imported, html);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AutoDLException($"Cannot write the reports to '{directory}': {e.Message} Choose another folder with --output.", e);
            }
            QualitySummary.Write(consoles.Out, report, json, html);
            // A report, not a gate: problems found are the point of the command, so they do not fail it.
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Detection data's report: counts by split, class and size, what was left out, and copies; JSON only.</summary>
    private static int InspectDetection(Consoles consoles, string path, string directory, CancellationToken cancellationToken)
    {
        var report = DetectionInspection.Inspect(path, cancellationToken);
        DetectionDataSummary.Write(consoles.Out, report, WriteJson(directory, report));
        return ExitCodes.Success;
    }

    /// <summary>Writes a detection or segmentation report as the folder's JSON report and returns its path.</summary>
    private static string WriteJson<TReport>(string directory, TReport report)
    {
        CreateDirectory(directory);
        string json = Path.Combine(directory, JsonFile);
        try
        {
            File.WriteAllText(json, JsonSerializer.Serialize(report, s_reportJson));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot write the report to '{directory}': {e.Message} Choose another folder with --output.", e);
        }
        return json;
    }

    private static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot use '{path}' as the output folder: {e.Message} Choose another folder with --output.", e);
        }
    }
}
