using TorchSharp.Modules;

namespace AutoDL.Models;

/// <summary>
/// The feature extractor of a network, as a family builds it: its parts in the order the forward pass applies them,
/// each under the name it is registered (and its weights stored) with, and the map it outputs. A classifier puts a
/// <see cref="Heads.ClassificationHead"/> on it; detection and segmentation heads take the same map.
/// </summary>
/// <param name="Parts">The parts, in forward order.</param>
/// <param name="Output">The feature map the last part outputs.</param>
internal sealed record Backbone(IReadOnlyList<(string Name, Sequential Module)> Parts, FeatureMap Output)
{
    /// <summary>
    /// The maps at the end of each stage, finest first, the last being <see cref="Output"/>: what a detection head's
    /// feature pyramid takes.
    /// </summary>
    public IReadOnlyList<FeatureTap> Taps { get; init; } = [];
}
