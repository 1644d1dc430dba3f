using System.Text.Json.Serialization;

namespace AutoDL.Models;

/// <summary>
/// A plain CNN: blocks of two 3×3 convolutions with batch norm and ReLU, each followed by 2×2 max-pool;
/// the fastest family to train, a strong baseline on small images.
/// </summary>
/// <param name="Blocks">Convolution blocks (1–4); each halves the resolution and doubles the width.</param>
/// <param name="BaseWidth">Channels of the first block.</param>
public sealed record PlainCnnConfig(int Blocks = 2, int BaseWidth = 32) : ModelConfig
{
    /// <summary>The family name in studies and packages.</summary>
    public const string FamilyName = "plaincnn";

    /// <inheritdoc />
    [JsonIgnore]
    public override bool TrainsFasterChannelsLast => BaseWidth >= ChannelsLastMinWidth;

    /// <inheritdoc />
    [JsonIgnore] // An override does not inherit the base's [JsonIgnore]; without it "family" would be written twice.
    public override string Family => FamilyName;

    /// <inheritdoc />
    public override string Describe() => $"blocks={Blocks} width={BaseWidth} dropout={Dropout:0.##}";
}
