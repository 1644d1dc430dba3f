using AutoDL.Models;

namespace AutoDL.Tests.Models;

/// <summary>Configurations covering every family, stem and the edges of each range.</summary>
internal static class SampleConfigs
{
    public static IReadOnlyList<ModelConfig> All { get; } =
    [
        new PlainCnnConfig(2, 16),
        new PlainCnnConfig(4, 8) { Dropout = 0.2 },
        new ResNetConfig(2, 1, 8),
        new ResNetConfig(3, 2, 16, StemKind.Conv3Stride2) { Dropout = 0.1 },
        new ResNetConfig(4, 1, 8, StemKind.Conv7Pool),
        new MobileNetV2Config(0.25, 1, 1),
        new MobileNetV2Config(0.5, 6, 2, StemKind.Conv3Stride2) { Dropout = 0.2 },
        new MobileNetV2Config(1.0, 4, 1, StemKind.Conv7Pool),
    ];

    public static TheoryData<string> Json()
    {
        var data = new TheoryData<string>();
        foreach (var config in All)
        {
            data.Add(ModelConfigJson.Serialize(config));
        }
        return data;
    }

    public static TheoryData<string, int, int, int> JsonTimesShapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var config in All)
        {
            foreach (var (c, h, w) in new[] { (1, 28, 28), (3, 32, 32), (3, 64, 64) })
            {
                data.Add(ModelConfigJson.Serialize(config), c, h, w);
            }
        }
        return data;
    }
}
