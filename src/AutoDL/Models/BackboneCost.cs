namespace AutoDL.Models;

/// <summary>What a backbone costs on one image, counted from its plan without building it, and the map it outputs.</summary>
/// <param name="Cost">Parameters, multiply-adds and activations of the backbone.</param>
/// <param name="Output">The feature map it outputs.</param>
internal sealed record BackboneCost(NetworkCost Cost, FeatureMap Output)
{
    /// <summary>The maps at the end of each stage, finest first, as <see cref="Backbone.Taps"/> marks them.</summary>
    public IReadOnlyList<FeatureMap> Taps { get; init; } = [];
}
