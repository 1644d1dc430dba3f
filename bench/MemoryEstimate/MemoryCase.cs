using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Bench.MemoryEstimate;

/// <summary>One network, input shape and batch size whose training memory is estimated and measured.</summary>
internal sealed record MemoryCase(string Name, ModelConfig Config, ImageShape Input, int BatchSize)
{
    /// <summary>Classes of the classifier; the head is a negligible part of the memory, so one count serves every case.</summary>
    public const int Classes = 10;

    /// <summary>
    /// Every family, narrow and wide, on the two input shapes the product meets most (28×28 grayscale,
    /// 64×64 colour) and the search space's batch sizes; the largest takes ~5 GiB, which the
    /// shared dev machine can spare.
    /// </summary>
    public static IReadOnlyList<MemoryCase> All { get; } =
    [
        new("PlainCnn(2,32)", new PlainCnnConfig(2, 32), new ImageShape(1, 28, 28), 128),
        new("PlainCnn(3,64)", new PlainCnnConfig(3, 64), new ImageShape(3, 64, 64), 64),
        new("ResNet(3,1,16)", new ResNetConfig(3, 1, 16), new ImageShape(1, 28, 28), 256),
        new("ResNet(3,2,32)", new ResNetConfig(3, 2, 32), new ImageShape(1, 28, 28), 128),
        new("ResNet(3,1,32)", new ResNetConfig(3, 1, 32), new ImageShape(3, 64, 64), 128),
        new("ResNet(4,1,64)", new ResNetConfig(4, 1, 64), new ImageShape(3, 64, 64), 64),
        new("MobileNetV2(1.0,4,2)", new MobileNetV2Config(1.0, 4, 2), new ImageShape(1, 28, 28), 256),
        new("MobileNetV2(1.5,6,3)", new MobileNetV2Config(1.5, 6, 3), new ImageShape(3, 64, 64), 64),
        new("MobileNetV2(0.5,2,1)", new MobileNetV2Config(0.5, 2, 1), new ImageShape(3, 64, 64), 256),
    ];
}
