using System.Text.Json.Serialization;

namespace AutoDL.Models;

/// <summary>
/// A MobileNetV2-style network of inverted-residual blocks with linear bottlenecks (Sandler et al., 2018),
/// scaled for small images: cheap in multiply-adds, good when inference cost matters.
/// </summary>
/// <param name="WidthMultiplier">Scales every layer's channels (0.25–2).</param>
/// <param name="Expansion">Expansion factor of the inverted residual (1–6).</param>
/// <param name="Depth">Blocks per stage (1–4).</param>
/// <param name="Stem">How the image is first reduced.</param>
public sealed record MobileNetV2Config(double WidthMultiplier = 1.0, int Expansion = 4, int Depth = 2, StemKind Stem = StemKind.Conv3) : ModelConfig
{
    /// <summary>The family name in studies and packages.</summary>
    public const string FamilyName = "mobilenetv2";

    /// <inheritdoc />
    [JsonIgnore] // An override does not inherit the base's [JsonIgnore]; without it "family" would be written twice.
    public override string Family => FamilyName;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool TrainsFasterChannelsLast => false;

    /// <inheritdoc />
    public override string Describe() => $"width={WidthMultiplier:0.##} expansion={Expansion} depth={Depth} stem={Stem} dropout={Dropout:0.##}";
}
