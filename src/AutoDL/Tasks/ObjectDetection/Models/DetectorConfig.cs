using System.Text.Json.Serialization;
using AutoDL.Models;

namespace AutoDL.Tasks.ObjectDetection.Models;

/// <summary>
/// A detector described as data: the backbone it stands on and its FCOS head (<see cref="FcosNetwork"/>). Like every
/// configuration it serialises into the study and the package and rebuilds the identical network.
/// </summary>
/// <param name="Backbone">The feature extractor's configuration (any family that marks its stages).</param>
/// <param name="Head">The pyramid's and the head's shape, and the box term's weight in the loss.</param>
internal sealed record DetectorConfig(ModelConfig Backbone, DetectorHead Head) : ModelConfig
{
    /// <summary>The family name in studies and packages.</summary>
    public const string FamilyName = "fcos";

    /// <inheritdoc />
    [JsonIgnore] // An override does not inherit the base's [JsonIgnore]; without it "family" would be written twice.
    public override string Family => FamilyName;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool TrainsFasterChannelsLast => Backbone.TrainsFasterChannelsLast;

    /// <inheritdoc />
    [JsonIgnore]
    public override int MinimumClasses => 1;

    /// <inheritdoc />
    public override string Describe() =>
        $"{Backbone.Family}({Backbone.Describe()}) head: levels={Head.Levels} width={Head.Width} towers={Head.TowerDepth} box-weight={Head.BoxWeight:0.##}";
}
