using System.CommandLine;
using System.Globalization;
using AutoDL.Inference;
using AutoDL.Internal;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Tasks.ObjectDetection;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.SemanticSegmentation;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl export MODEL --onnx OUT</c>: the model as a stand-alone ONNX file, checked against libtorch before it is written.</summary>
internal static class ExportCommand
{
    /// <summary>The export must reproduce libtorch's probabilities to this bound, or it is not written.</summary>
    private const double Tolerance = 1e-4;

    private const int CheckImages = 64;

    /// <summary>A detector's boxes are in input pixels: a thousandth of a pixel is what the criterion allows.</summary>
    private const double BoxTolerance = 1e-3;

    /// <summary>Fewer images for a detector: each has hundreds of locations and its pass costs many times a classifier's.</summary>
    private const int DetectorCheckImages = 16;

    /// <summary>Random pixels give near-ties a real image rarely has: a few pixels in 10,000 may flip on rounding.</summary>
    private const double MaskAgreement = 0.999;

    /// <summary>Logits are unbounded, unlike probabilities; a thousandth is far below any margin that decides a class.</summary>
    private const double LogitTolerance = 1e-3;

    private const int SegmenterCheckImages = 8;

    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var onnx = new Option<string>("--onnx") { Description = "Where to write the ONNX model (a file, or a folder for model.onnx).", Required = true };
        var command = new Command("export", "Export a model to ONNX, preprocessing included: it takes uint8 images (N×C×H×W) and returns a classifier's logits and probabilities, a detector's boxes and scores per location, or a segmentation network's mask and logits per pixel.") { model, onnx };
        command.SetAction((parse, _) => CommandRunner.RunAsync(consoles, () =>
        {
            var package = ModelPackage.ReadContents(parse.GetValue(model)!);
            var exported = package with { Onnx = package.Onnx ?? OnnxExporter.Export(package) };
            var (check, outputs) = package.Manifest.Task switch
            {
                ObjectDetectionTask.TaskName => CheckDetector(exported),
                SemanticSegmentationTask.TaskName => CheckSegmenter(exported),
                _ => CheckClassifier(exported),
            };
            var target = parse.GetValue(onnx)!;
            var file = Directory.Exists(target) ? Path.Combine(target, "model.onnx") : target;
            WriteAtomically(file, exported.Onnx!);
            consoles.Out.MarkupLine($"Wrote [bold]{Markup.Escape(file)}[/] ({exported.Onnx!.Length / 1024.0:0} KiB, opset {OnnxExporter.OperatorSet}).");
            consoles.Out.MarkupLine($"Checked against libtorch: {Markup.Escape(check)}.");
            var input = package.Manifest.Input;
            var size = package.Manifest.Task == SemanticSegmentationTask.TaskName ? "H×W (any size)" : $"{input.Height}×{input.Width}";
            consoles.Out.MarkupLine(Markup.Escape($"Input '{OnnxExporter.InputName}': uint8 N×{input.Channels}×{size}; {outputs}; class names in the metadata 'class_names'."));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Both engines' probabilities on random images; refuses an export that does not reproduce them.</summary>
    private static (string Check, string Outputs) CheckClassifier(PackageContents exported)
    {
        var agreement = BackendComparison.CompareOnRandomImages(exported, CheckImages);
        string check = string.Create(CultureInfo.InvariantCulture, $"max |Δprobability| {agreement.MaxProbabilityDifference:0.0e+00} over {agreement.Images} random images, {agreement.LabelsDiffering} labels differ");
        if (agreement.MaxProbabilityDifference > Tolerance || agreement.LabelsDiffering > 0)
        {
            throw NotReproduced(check);
        }
        return (check, $"outputs '{OnnxExporter.LogitsName}' and '{OnnxExporter.ProbabilitiesName}' (N×{exported.Manifest.ClassNames.Count})");
    }

    /// <summary>Both engines' decoded boxes and scores on random images; refuses an export that does not reproduce them.</summary>
    private static (string Check, string Outputs) CheckDetector(PackageContents exported)
    {
        var agreement = DetectorAgreement.OnRandomImages(exported, DetectorCheckImages);
        string check = string.Create(CultureInfo.InvariantCulture, $"max |Δbox| {agreement.MaxBoxDifference:0.0e+00} px, max |Δscore| {agreement.MaxScoreDifference:0.0e+00} over every location of {agreement.Images} random images");
        if (agreement.MaxBoxDifference > BoxTolerance || agreement.MaxScoreDifference > Tolerance)
        {
            throw NotReproduced(check);
        }
        return (check, $"outputs '{OnnxExporter.BoxesName}' (N×locations×4, left, top, right, bottom in input pixels) and '{OnnxExporter.ScoresName}' (N×locations×{exported.Manifest.ClassNames.Count}); keep scores above a floor and suppress overlaps per class");
    }

    /// <summary>Both engines' logits and masks on random images of two sizes; refuses an export that does not reproduce them.</summary>
    private static (string Check, string Outputs) CheckSegmenter(PackageContents exported)
    {
        var agreement = SegmenterAgreement.OnRandomImages(exported, SegmenterCheckImages);
        string check = string.Create(CultureInfo.InvariantCulture, $"max |Δlogit| {agreement.MaxLogitDifference:0.0e+00}, {agreement.PixelAgreement:0.#####%} of {agreement.Pixels} pixels labelled alike over {agreement.Images} random images of two sizes");
        if (agreement.MaxLogitDifference > LogitTolerance || agreement.PixelAgreement < MaskAgreement)
        {
            throw NotReproduced(check);
        }
        return (check, $"outputs '{OnnxExporter.MaskName}' (uint8 N×H×W, each pixel's class) and '{OnnxExporter.LogitsName}' (N×{exported.Manifest.ClassNames.Count}×H×W); predict scenes larger than about {TileGrid.DefaultSide} pixels a side in overlapping windows");
    }

    private static AutoDLException NotReproduced(string check) =>
        new($"The ONNX export does not reproduce the model ({check}); nothing was written. Please report it with the package.");

    private static void WriteAtomically(string file, byte[] content) => AtomicFile.Write(file, stream => stream.Write(content));
}
