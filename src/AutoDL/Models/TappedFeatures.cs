using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// Runs a backbone's parts and keeps the maps at some of its stage taps, finest first: what a detection pyramid or a
/// segmentation decoder takes from the backbone. Parts past the last tap still run (a tap is found where it is, not assumed last).
/// </summary>
internal static class TappedFeatures
{
    /// <summary>The outputs of <paramref name="taps"/> (in the backbone's order) when <paramref name="parts"/> run on <paramref name="input"/>.</summary>
    public static List<Tensor> Run(IReadOnlyList<Sequential> parts, IReadOnlyList<FeatureTap> taps, Tensor input)
    {
        var features = new List<Tensor>(taps.Count);
        var x = input;
        for (int part = 0; part < parts.Count; part++)
        {
            if (!taps.Any(t => t.Part == part))
            {
                x = parts[part].forward(x);
                continue;
            }
            int child = 0;
            foreach (var module in parts[part].children())
            {
                x = ((nn.Module<Tensor, Tensor>)module).forward(x);
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
