using AutoDL.Tasks.SemanticSegmentation.Models;
using static AutoDL.Packaging.Onnx.OnnxGraphBuilder;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Writes a <see cref="SegmentationNetwork"/>'s forward pass as ONNX nodes, step for step as the network runs it: the
/// backbone up to its taps, the decoder of its kind, and a last bilinear resize to the input's size. Every size is read
/// from the maps themselves, so the graph takes images of any height and width, as the network does.
/// </summary>
internal sealed class SegmentationGraphWriter(NetworkGraphWriter layers, OnnxGraphBuilder graph)
{
    /// <summary>Writes <paramref name="network"/> applied to <paramref name="input"/>; returns the logits' name (N × classes × H × W).</summary>
    public string Write(SegmentationNetwork network, string input, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        var features = TappedBackboneWriter.Write(layers, network.BackboneParts, network.Taps, input, $"{path}backbone.");
        var logits = network switch
        {
            UNetNetwork unet => UNet(unet, features, path),
            AsppNetwork aspp => Aspp(aspp, features, path),
            LrAsppNetwork lraspp => LrAspp(lraspp, features, path),
            _ => throw new NotSupportedException($"The segmentation decoder {network.GetType().Name} has no ONNX export."),
        };
        return ResizeLike(logits, input);
    }

    private string UNet(UNetNetwork network, List<string> features, string path)
    {
        var x = layers.Write(network.Bottom, features[^1], $"{path}bottom.");
        var stages = network.Stages;
        for (int i = 0; i < stages.Count; i++)
        {
            var skip = features[features.Count - 2 - i];
            x = layers.Write(stages[i], Concat([ResizeLike(x, skip), skip]), $"{path}stages.{i}.");
        }
        return layers.Write(network.Classifier, x, $"{path}classifier.");
    }

    private string Aspp(AsppNetwork network, List<string> features, string path)
    {
        var deep = features[^1];
        var point = layers.Write(network.Point, deep, $"{path}point.");
        var atrous = network.Atrous.Select((branch, i) => layers.Write(branch, deep, $"{path}atrous.{i}.")).ToList();
        // The pooled branch broadcast to the map's shape, as expand_as does.
        var pooled = graph.Node("Expand", [graph.Node("Relu", [layers.Write(network.Pooled, GlobalAverage(deep), $"{path}pooled.")]), graph.Node("Shape", [point])]);
        var pyramid = layers.Write(network.Project, Concat([point, .. atrous, pooled]), $"{path}project.");
        var fine = features[0];
        var fused = layers.Write(network.Fuse, Concat([ResizeLike(pyramid, fine), layers.Write(network.Detail, fine, $"{path}detail.")]), $"{path}fuse.");
        return layers.Write(network.Classifier, fused, $"{path}classifier.");
    }

    private string LrAspp(LrAsppNetwork network, List<string> features, string path)
    {
        var deep = features[^1];
        var gate = graph.Node("Sigmoid", [layers.Write(network.Gate, GlobalAverage(deep), $"{path}gate.")]);
        var gated = graph.Node("Mul", [layers.Write(network.Context, deep, $"{path}context."), gate]);
        var fine = features[0];
        var coarse = ResizeLike(layers.Write(network.DeepClassifier, gated, $"{path}deep_classifier."), fine);
        return graph.Node("Add", [coarse, layers.Write(network.FineClassifier, fine, $"{path}fine_classifier.")]);
    }

    private string GlobalAverage(string x) => graph.Node("GlobalAveragePool", [x]);

    private string Concat(IEnumerable<string> maps) => graph.Node("Concat", maps, Int("axis", 1));

    /// <summary>
    /// <paramref name="x"/> resized to <paramref name="like"/>'s height and width. PyTorch's bilinear mode without aligned
    /// corners samples at (destination + ½) × in / out − ½, clamped at the edge: ONNX's linear mode with half-pixel centres.
    /// </summary>
    private string ResizeLike(string x, string like)
    {
        var sizes = graph.Node("Concat", [graph.Node("Shape", [x], Int("start", 0), Int("end", 2)), graph.Node("Shape", [like], Int("start", 2), Int("end", 4))], Int("axis", 0));
        return graph.Node("Resize", [x, "", "", sizes], Text("mode", "linear"), Text("coordinate_transformation_mode", "half_pixel"));
    }
}
