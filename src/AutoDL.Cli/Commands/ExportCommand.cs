using System.CommandLine;
using System.Globalization;
using AutoDL.Inference;
using AutoDL.Internal;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl export MODEL --onnx OUT</c>: the model as a stand-alone ONNX file, checked against libtorch before it is written.</summary>
internal static class ExportCommand
{
    /// <summary>The export must reproduce libtorch's probabilities to this bound, or it is not written.</summary>
    private const double Tolerance = 1e-4;

    private const int CheckImages = 64;

    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var onnx = new Option<string>("--onnx") { Description = "Where to write the ONNX model (a file, or a folder for model.onnx).", Required = true };
        var command = new Command("export", "Export a model to ONNX, preprocessing included: it takes uint8 images (N×C×H×W) and returns logits and probabilities.") { model, onnx };
        command.SetAction((parse, _) => CommandRunner.RunAsync(consoles, () =>
        {
            var package = ModelPackage.ReadContents(parse.GetValue(model)!);
            var exported = package with { Onnx = package.Onnx ?? OnnxExporter.Export(package) };
            var agreement = BackendComparison.CompareOnRandomImages(exported, CheckImages);
            string check = string.Create(CultureInfo.InvariantCulture, $"max |Δprobability| {agreement.MaxProbabilityDifference:0.0e+00} over {agreement.Images} random images, {agreement.LabelsDiffering} labels differ");
            if (agreement.MaxProbabilityDifference > Tolerance || agreement.LabelsDiffering > 0)
            {
                throw new AutoDLException($"The ONNX export does not reproduce the model ({check}); nothing was written. Please report it with the package.");
            }
            var target = parse.GetValue(onnx)!;
            var file = Directory.Exists(target) ? Path.Combine(target, "model.onnx") : target;
            WriteAtomically(file, exported.Onnx!);
            consoles.Out.MarkupLine($"Wrote [bold]{Markup.Escape(file)}[/] ({exported.Onnx!.Length / 1024.0:0} KiB, opset {OnnxExporter.OperatorSet}).");
            consoles.Out.MarkupLine($"Checked against libtorch: {Markup.Escape(check)}.");
            var input = package.Manifest.Input;
            consoles.Out.MarkupLine(Markup.Escape($"Input '{OnnxExporter.InputName}': uint8 N×{input.Channels}×{input.Height}×{input.Width}; outputs '{OnnxExporter.LogitsName}' and '{OnnxExporter.ProbabilitiesName}' (N×{package.Manifest.ClassNames.Count}); class names in the metadata 'class_names'."));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteAtomically(string file, byte[] content) => AtomicFile.Write(file, stream => stream.Write(content));
}
