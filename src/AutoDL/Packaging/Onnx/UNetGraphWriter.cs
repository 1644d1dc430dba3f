using AutoDL.Tasks.SemanticSegmentation.Models;
using static AutoDL.Packaging.Onnx.OnnxGraphBuilder;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Writes a <see cref="UNetNetwork"/>'s forward pass as ONNX nodes, step for step as the network runs it: the backbone up
/// to its taps, the decoder climbing them (bilinear resizes to each finer map's own size, joined and convolved), the
/// classifier, and a last bilinear resize to the input's size. Every size is read from the maps themselves, so the graph
/// takes images of any height and width, as the network does.
/// </summary>
internal sealed class UNetGraphWriter(NetworkGraphWriter layers, OnnxGraphBuilder graph)
{
    /// <summary>Writes <paramref name="network"/> applied to <paramref name="input"/>; returns the logits' name (N × classes × H × W).</summary>
    public string Write(UNetNetwork network, string input, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        var features = TappedBackboneWriter.Write(layers, network.BackboneParts, network.Taps, input, $"{path}backbone.");
        var x = layers.Write(network.Bottom, features[^1], $"{path}bottom.");
        var stages = network.Stages;
        for (int i = 0; i < stages.Count; i++)
        {
            var skip = features[features.Count - 2 - i];
            var joined = graph.Node("Concat", [ResizeLike(x, skip), skip], Int("axis", 1));
            x = layers.Write(stages[i], joined, $"{path}stages.{i}.");
        }
        return ResizeLike(layers.Write(network.Classifier, x, $"{path}classifier."), input);
    }

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
