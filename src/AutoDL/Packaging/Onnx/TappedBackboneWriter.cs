using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Writes a backbone's parts as ONNX nodes and keeps the outputs at its taps, finest first, as
/// <see cref="TappedFeatures"/> runs them: what a detector's pyramid and a segmentation decoder stand on.
/// </summary>
internal static class TappedBackboneWriter
{
    /// <summary>The names of the tapped outputs when <paramref name="parts"/> run on <paramref name="input"/>.</summary>
    public static List<string> Write(NetworkGraphWriter layers, IReadOnlyList<Sequential> parts, IReadOnlyList<FeatureTap> taps, string input, string path)
    {
        var features = new List<string>();
        var x = input;
        for (int part = 0; part < parts.Count; part++)
        {
            var module = parts[part];
            if (!taps.Any(t => t.Part == part))
            {
                x = layers.Write(module, x, $"{path}{part}.");
                continue;
            }
            int child = 0;
            foreach (var (name, layer) in module.named_children())
            {
                x = layers.Write((nn.Module<Tensor, Tensor>)layer, x, $"{path}{part}.{name}.");
                if (taps.Any(t => t.Part == part && t.Child == child))
                {
                    features.Add(x);
                }
                child++;
            }
        }
        return features;
    }
}
