using System.Reflection;
using System.Text.Json;
using AutoDL.Models;
using AutoDL.Packaging.Onnx.Proto;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.SemanticSegmentation.Models;
using Google.Protobuf;
using TorchSharp;
using static AutoDL.Packaging.Onnx.OnnxGraphBuilder;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Exports a packaged model to ONNX with its preprocessing inside the graph: the model takes the decoded
/// image as it is (<c>pixels</c>, uint8, N × C × H × W) and returns <c>logits</c> and <c>probabilities</c>
/// (N × classes), so a caller outside .NET needs nothing but the image and the class names
/// (in the model's metadata, <c>class_names</c>).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The graph input: decoded images, uint8, N × C × H × W.</summary>
    public const string InputName = "pixels";

    /// <summary>The metadata entry that holds the class names, as a JSON array in the order of the outputs.</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>The graph output of class probabilities (softmax of the logits), N × classes.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The graph output of raw class scores, N × classes.</summary>
    public const string LogitsName = "logits";

    /// <summary>A classifier's graph output of the features its last layer classifies, N × features: what monitoring measures.</summary>
    public const string EmbeddingName = "embedding";

    /// <summary>A detector's graph output of each location's box (left, top, right, bottom in input pixels), N × locations × 4.</summary>
    public const string BoxesName = "boxes";

    /// <summary>A detector's graph output of each location's score per class, N × locations × classes.</summary>
    public const string ScoresName = "scores";

    /// <summary>A segmentation network's graph output of each pixel's class (the argmax of its logits), uint8, N × H × W.</summary>
    public const string MaskName = "mask";

    /// <summary>
    /// The ONNX operator set the graph uses. 17 is read by ONNX Runtime since 1.12 and by every current
    /// converter, and it has every operator the model families need.
    /// </summary>
    public const int OperatorSet = 17;

    // IR version 8 goes with opset 17 (onnx/docs/Versioning.md).
    private const int IrVersion = 8;

    /// <summary>Exports the model of a package (its network rebuilt with the package's weights).</summary>
    /// <exception cref="AutoDLException">The package's network has a layer with no ONNX export.</exception>
    public static byte[] Export(PackageContents package)
    {
        ArgumentNullException.ThrowIfNull(package);
        using var network = NetworkLoader.Load(package);
        return Export(network, package.Manifest);
    }

    /// <summary>Exports <paramref name="network"/> (in evaluation mode) with the preprocessing and classes of <paramref name="manifest"/>.</summary>
    internal static byte[] Export(torch.nn.Module<torch.Tensor, torch.Tensor> network, PackageManifest manifest)
    {
        var input = manifest.Input;
        var graph = new OnnxGraphBuilder();
        graph.Graph.Name = "autodl";
        // A segmentation network is fully convolutional: it takes whole images and windows of any size.
        bool anySize = network is SegmentationNetwork;
        graph.Graph.Input.Add(anySize
            ? Value(InputName, TensorProto.Types.DataType.Uint8, "batch", input.Channels, "height", "width")
            : Value(InputName, TensorProto.Types.DataType.Uint8, "batch", input.Channels, input.Height, input.Width));

        // (x/255 − mean)/std folded into one multiply and one add per pixel, as training's batch builder does.
        var stats = manifest.Preprocessing;
        var scale = new float[input.Channels];
        var offset = new float[input.Channels];
        for (int c = 0; c < input.Channels; c++)
        {
            scale[c] = 1f / (255f * stats.Std[c]);
            offset[c] = -stats.Mean[c] / stats.Std[c];
        }
        var floats = graph.Node("Cast", [InputName], Int("to", (long)TensorProto.Types.DataType.Float));
        var scaled = graph.Node("Mul", [floats, graph.Weight("preprocess.scale", scale, 1, input.Channels, 1, 1)]);
        var normalised = graph.Node("Add", [scaled, graph.Weight("preprocess.offset", offset, 1, input.Channels, 1, 1)]);

        string output;
        string? embedding = null;
        try
        {
            using var noGrad = torch.no_grad();
            var writer = new NetworkGraphWriter(graph);
            if (network is IEmbeddingNetwork)
            {
                (output, embedding) = writer.WriteWithEmbedding(network, normalised);
            }
            else
            {
                output = writer.Write(network, normalised);
            }
        }
        catch (NotSupportedException e)
        {
            throw new AutoDLException($"The {manifest.Model.Family} network cannot be exported to ONNX: {e.Message}", e);
        }
        int classes = manifest.ClassNames.Count;
        string outputs;
        if (network is FcosNetwork detector)
        {
            WriteDetections(graph, output, detector);
            outputs = $"Outputs '{BoxesName}': N×{detector.Layout.Locations}×4, each location's box (left, top, right, bottom) in input pixels; '{ScoresName}': N×{detector.Layout.Locations}×{classes}, its score per class, class k is class_names[k]. Keep scores above a floor and suppress overlaps per class (AutoDL keeps 0.05 and IoU 0.6).";
        }
        else if (anySize)
        {
            graph.NodeTo("Identity", [output], LogitsName);
            graph.NodeTo("Cast", [graph.Node("ArgMax", [output], Int("axis", 1), Int("keepdims", 0))], MaskName, Int("to", (long)TensorProto.Types.DataType.Uint8));
            graph.Graph.Output.Add(Value(LogitsName, TensorProto.Types.DataType.Float, "batch", classes, "height", "width"));
            graph.Graph.Output.Add(Value(MaskName, TensorProto.Types.DataType.Uint8, "batch", "height", "width"));
            outputs = $"Outputs '{MaskName}': uint8 N×H×W, each pixel's class k (class_names[k]); '{LogitsName}': N×{classes}×H×W. Any H and W work; predict scenes larger than about 512 pixels a side in overlapping windows, blending their logits.";
        }
        else
        {
            graph.NodeTo("Identity", [output], LogitsName);
            graph.NodeTo("Softmax", [output], ProbabilitiesName, Int("axis", 1));
            graph.Graph.Output.Add(Value(LogitsName, TensorProto.Types.DataType.Float, "batch", classes));
            graph.Graph.Output.Add(Value(ProbabilitiesName, TensorProto.Types.DataType.Float, "batch", classes));
            if (embedding is not null)
            {
                graph.NodeTo("Identity", [embedding], EmbeddingName);
                graph.Graph.Output.Add(Value(EmbeddingName, TensorProto.Types.DataType.Float, "batch", ((IEmbeddingNetwork)network).EmbeddingSize));
            }
            var calibration = manifest.Calibration is { } c ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" The logits are divided by the calibrated temperature {c.Temperature:0.####}, so the probabilities are calibrated.") : "";
            var features = embedding is null ? "" : $" '{EmbeddingName}': N×{((IEmbeddingNetwork)network).EmbeddingSize}, the features the last layer classifies.";
            outputs = $"Outputs '{LogitsName}' and '{ProbabilitiesName}': N×{classes}, class k is class_names[k].{calibration}{features}";
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "AutoDL.NET",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            Domain = "net.autodl",
            DocString = $"{manifest.Task}: {manifest.Model.Family} ({manifest.Model.Describe()}). Input '{InputName}': uint8 images N×{input.Channels}×{(anySize ? "H×W" : $"{input.Height}×{input.Width}")}, resized with '{stats.Resize}'. {outputs}",
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OperatorSet });
        model.MetadataProps.Add(new StringStringEntryProto { Key = ClassNamesKey, Value = JsonSerializer.Serialize(manifest.ClassNames) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "task", Value = manifest.Task });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "resize", Value = stats.Resize });
        return model.ToByteArray();
    }

    /// <summary>
    /// A detector's outputs decoded per location, as <see cref="FcosDecoder.Outputs"/> decodes them: each class's score
    /// √(sigmoid(class logit) × sigmoid(centre-ness logit)), and each location's point moved by the predicted distances,
    /// cut to the input. Selecting and suppressing is left to the caller (AutoDL's engines share one selection).
    /// </summary>
    private static void WriteDetections(OnnxGraphBuilder graph, string raw, FcosNetwork detector)
    {
        int classes = detector.Classes;
        var layout = detector.Layout;
        string Slice(string name, long start, long end) =>
            graph.Node("Slice", [raw, graph.Int64s($"outputs.{name}.start", start), graph.Int64s($"outputs.{name}.end", end), graph.Int64s($"outputs.{name}.axes", 2)]);
        var probabilities = graph.Node("Sigmoid", [Slice("classes", 0, classes)]);
        var centerness = graph.Node("Sigmoid", [Slice("centerness", classes + 4, classes + 5)]);
        graph.NodeTo("Sqrt", [graph.Node("Mul", [probabilities, centerness])], ScoresName);

        using var points = layout.Points();
        using var centres = points[.., ..2].contiguous();
        var at = graph.Weight("outputs.points", centres);
        var topLeft = graph.Node("Sub", [at, Slice("near", classes, classes + 2)]);
        var bottomRight = graph.Node("Add", [at, Slice("far", classes + 2, classes + 4)]);
        var side = layout.Input.Width;
        graph.NodeTo("Clip", [graph.Node("Concat", [topLeft, bottomRight], Int("axis", 2)), graph.Weight("outputs.min", [0f]), graph.Weight("outputs.max", [(float)side])], BoxesName);
        graph.Graph.Output.Add(Value(BoxesName, TensorProto.Types.DataType.Float, "batch", layout.Locations, 4));
        graph.Graph.Output.Add(Value(ScoresName, TensorProto.Types.DataType.Float, "batch", layout.Locations, classes));
    }
}
