using AutoDL.Tasks.ObjectDetection.Models;
using static AutoDL.Packaging.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Writes an <see cref="FcosNetwork"/>'s forward pass as ONNX nodes, step for step as the network runs it: the backbone
/// up to its pyramid taps, the lateral convolutions, the top-down sums (nearest-neighbour resize, as PyTorch's
/// <c>interpolate</c> computes it), and the shared head on every level, its rows flattened and joined into
/// N × locations × (classes + 5).
/// </summary>
internal sealed class FcosGraphWriter(NetworkGraphWriter layers, OnnxGraphBuilder graph)
{
    /// <summary>Writes <paramref name="network"/> applied to <paramref name="input"/>; returns the raw output's name.</summary>
    public string Write(FcosNetwork network, string input, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        var features = TappedBackboneWriter.Write(layers, network.BackboneParts, network.PyramidTaps, input, $"{path}backbone.");
        var laterals = new string[features.Count];
        for (int i = 0; i < laterals.Length; i++)
        {
            laterals[i] = layers.Write(network.Pyramid(i).Lateral, features[i], $"{path}lateral.{i}.");
        }
        var levels = network.Layout.Levels;
        for (int i = laterals.Length - 2; i >= 0; i--)
        {
            // The batch and channels as they come, the finer level's height and width.
            var sizes = graph.Node("Concat", [graph.Node("Shape", [laterals[i + 1]], Int("start", 0), Int("end", 2)), graph.Int64s($"{path}resize.{i}.size", levels[i].Height, levels[i].Width)], Int("axis", 0));
            // PyTorch's nearest mode takes source pixel floor(destination × in / out): ONNX's asymmetric transform with floor.
            var upsampled = graph.Node(
                "Resize",
                [laterals[i + 1], "", "", sizes],
                Text("mode", "nearest"),
                Text("coordinate_transformation_mode", "asymmetric"),
                Text("nearest_mode", "floor"));
            laterals[i] = graph.Node("Add", [laterals[i], upsampled]);
        }
        var (classTower, boxTower, classes, box, centerness, scales) = network.Head;
        using var scaleValues = scales.detach().cpu().to_type(ScalarType.Float32);
        var scale = scaleValues.data<float>().ToArray();
        var rows = new string[laterals.Length];
        for (int i = 0; i < laterals.Length; i++)
        {
            var level = layers.Write(network.Pyramid(i).Smooth, laterals[i], $"{path}smooth.{i}.");
            var classFeatures = layers.Write(classTower, level, $"{path}class_tower.");
            var boxFeatures = layers.Write(boxTower, level, $"{path}box_tower.");
            var logDistances = graph.Node("Mul", [layers.Write(box, boxFeatures, $"{path}box."), graph.Weight($"{path}scale.{i}", [scale[i]], 1)]);
            var capped = graph.Node("Min", [logDistances, graph.Weight($"{path}log_distance_cap", [(float)FcosNetwork.LogDistanceCap], 1)]);
            var distances = graph.Node("Mul", [graph.Node("Exp", [capped]), graph.Weight($"{path}stride.{i}", [(float)levels[i].Stride], 1)]);
            var prediction = graph.Node("Concat", [layers.Write(classes, classFeatures, $"{path}classes."), distances, layers.Write(centerness, boxFeatures, $"{path}centerness.")], Int("axis", 1));
            rows[i] = graph.Node("Reshape", [prediction, graph.Int64s($"{path}rows", 0, network.Classes + 5, -1)]);
        }
        return graph.Node("Transpose", [graph.Node("Concat", rows, Int("axis", 2))], Ints("perm", [0, 2, 1]));
    }
}
