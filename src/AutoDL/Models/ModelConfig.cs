using System.Text.Json.Serialization;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.SemanticSegmentation.Models;

namespace AutoDL.Models;

/// <summary>
/// A network described as data: a family and its searchable shape. A configuration serialises into the
/// study and the model package and rebuilds the identical network through <see cref="ModelFactory"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "family")]
[JsonDerivedType(typeof(ResNetConfig), ResNetConfig.FamilyName)]
[JsonDerivedType(typeof(MobileNetV2Config), MobileNetV2Config.FamilyName)]
[JsonDerivedType(typeof(PlainCnnConfig), PlainCnnConfig.FamilyName)]
[JsonDerivedType(typeof(DetectorConfig), DetectorConfig.FamilyName)]
[JsonDerivedType(typeof(SegmenterConfig), SegmenterConfig.FamilyName)]
public abstract record ModelConfig
{
    /// <summary>The family name used in leaderboards, studies and packages.</summary>
    [JsonIgnore]
    public abstract string Family { get; }

    /// <summary>Dropout before the classifier; 0 disables it.</summary>
    public double Dropout { get; init; }

    /// <summary>The key shape parameters, for a leaderboard column.</summary>
    public abstract string Describe();

    /// <summary>
    /// Whether the family trains faster with channels-last (NHWC) tensors on a CPU. Measured per family in
    /// bench/results/model-throughput.md: dense convolutions gain about a fifth, depthwise ones lose.
    /// </summary>
    [JsonIgnore]
    public virtual bool TrainsFasterChannelsLast => true;

    /// <summary>
    /// The narrowest first stage trained channels-last. libtorch 2.10's oneDNN AVX-512 kernels corrupt the heap (the
    /// process aborts with "double free or corruption") in the backward pass of an 8-channel ResNet stage on maps of 48
    /// pixels or more laid out channels-last, on an AMD Zen 4 VM whose caches are visible (so the AVX2 cap is not
    /// applied); 16 channels and up, and 8 channels on 40-pixel maps, train correctly there (2026-12-06). The searches
    /// never go below 16; narrower networks, which users and tests can configure, train in the standard layout.
    /// </summary>
    protected const int ChannelsLastMinWidth = 16;

    /// <summary>The fewest classes the network can be built for: two for a classifier, one for a detector (object or not).</summary>
    [JsonIgnore]
    public virtual int MinimumClasses => 2;
}
