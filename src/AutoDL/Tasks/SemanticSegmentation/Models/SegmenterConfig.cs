using System.Text.Json.Serialization;
using AutoDL.Models;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// A segmentation network described as data: the backbone it stands on and its decoder (<see cref="SegmentationNetwork"/>).
/// Like every configuration it serialises into the study and the package and rebuilds the identical network.
/// </summary>
/// <param name="Backbone">The feature extractor's configuration (any family that marks its stages).</param>
/// <param name="Head">The decoder's depth and width.</param>
internal sealed record SegmenterConfig(ModelConfig Backbone, SegmentationHead Head) : ModelConfig
{
    /// <summary>The family name in studies and packages.</summary>
    public const string FamilyName = "segmenter";

    /// <inheritdoc />
    [JsonIgnore] // An override does not inherit the base's [JsonIgnore]; without it "family" would be written twice.
    public override string Family => FamilyName;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool TrainsFasterChannelsLast => Backbone.TrainsFasterChannelsLast;

    /// <inheritdoc />
    public override string Describe() =>
        $"{Backbone.Family}({Backbone.Describe()}) decoder: {Head.Decoder.ToString().ToLowerInvariant()} depth={Head.Depth} width={Head.Width}{(Head.WeighClasses ? " weighted" : "")}";
}
