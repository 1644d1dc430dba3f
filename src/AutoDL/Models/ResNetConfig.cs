using System.Text.Json.Serialization;

namespace AutoDL.Models;

/// <summary>How a network first reduces the raw image.</summary>
public enum StemKind
{
    /// <summary>One 3×3 convolution at full resolution: for small images (≤ 64 px) where every pixel counts.</summary>
    Conv3,

    /// <summary>A strided 3×3 convolution, halving resolution: cheaper on medium images.</summary>
    Conv3Stride2,

    /// <summary>ImageNet-style 7×7 stride-2 convolution and max-pool: for large images (≥ 128 px).</summary>
    Conv7Pool,
}

/// <summary>
/// A ResNet-style network of basic residual blocks (He et al., 2016): stages double the width and halve
/// the resolution; global average pooling and a linear classifier close it.
/// </summary>
/// <param name="Stages">Number of stages (each after the first halves resolution); 2–4.</param>
/// <param name="BlocksPerStage">Residual blocks in each stage; 1–4.</param>
/// <param name="BaseWidth">Channels of the first stage; later stages double it.</param>
/// <param name="Stem">How the image is first reduced.</param>
public sealed record ResNetConfig(int Stages = 3, int BlocksPerStage = 2, int BaseWidth = 32, StemKind Stem = StemKind.Conv3) : ModelConfig
{
    /// <summary>The family name in studies and packages.</summary>
    public const string FamilyName = "resnet";

    /// <summary>
    /// Whether the last stage keeps the resolution it is given and dilates its convolutions by two instead of striding
    /// (DeepLab's output stride): the same weights see the same context on a map twice as fine. Only a segmentation
    /// decoder asks for it; absent from the JSON when false, so every earlier configuration reads as before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DilateLastStage { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool TrainsFasterChannelsLast => BaseWidth >= ChannelsLastMinWidth;

    /// <inheritdoc />
    [JsonIgnore] // An override does not inherit the base's [JsonIgnore]; without it "family" would be written twice.
    public override string Family => FamilyName;

    /// <inheritdoc />
    public override string Describe() => $"stages={Stages} blocks={BlocksPerStage} width={BaseWidth} stem={Stem}{(DilateLastStage ? " dilated" : "")} dropout={Dropout:0.##}";
}
