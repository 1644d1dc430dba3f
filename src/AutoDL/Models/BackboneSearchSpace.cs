using AutoDL.Search;
using AutoDL.Search.Distributions;

namespace AutoDL.Models;

/// <summary>
/// The searchable shape of the backbone families, which every image task searches: the family, then each family's own
/// depth and width, conditional on it. A task adds its head's and its recipe's parameters after these and turns a point
/// back into a backbone with <see cref="ToBackbone"/>.
/// </summary>
public static class BackboneSearchSpace
{
    /// <summary>The name of the parameter that picks the family.</summary>
    public const string FamilyParameter = "family";

    /// <summary>Every family, in the order the classifier's space has always listed them (a study stores choices by index).</summary>
    public static IReadOnlyList<string> AllFamilies { get; } = [ResNetConfig.FamilyName, MobileNetV2Config.FamilyName, PlainCnnConfig.FamilyName];

    /// <summary>The family parameter over <paramref name="families"/> and each of those families' own parameters.</summary>
    public static IReadOnlyList<SearchParameter> Parameters(IReadOnlyList<string> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var all = new SearchParameter[]
        {
            new("resnet.stages", new IntDistribution(2, 4), FamilyParameter, ResNetConfig.FamilyName),
            new("resnet.blocks", new IntDistribution(1, 3), FamilyParameter, ResNetConfig.FamilyName),
            new("resnet.width", new IntDistribution(16, 64, Step: 8), FamilyParameter, ResNetConfig.FamilyName),
            new("mobilenetv2.width", new FloatDistribution(0.5, 1.5), FamilyParameter, MobileNetV2Config.FamilyName),
            new("mobilenetv2.expansion", new IntDistribution(2, 6), FamilyParameter, MobileNetV2Config.FamilyName),
            new("mobilenetv2.depth", new IntDistribution(1, 3), FamilyParameter, MobileNetV2Config.FamilyName),
            new("plaincnn.blocks", new IntDistribution(1, 3), FamilyParameter, PlainCnnConfig.FamilyName),
            new("plaincnn.width", new IntDistribution(16, 64, Step: 8), FamilyParameter, PlainCnnConfig.FamilyName),
        };
        return [new(FamilyParameter, new CategoricalDistribution([.. families])), .. all.Where(p => families.Contains(p.ParentChoice!))];
    }

    /// <summary>Whether a parameter shapes the backbone (the family and its own parameters) rather than the head or the training.</summary>
    public static bool IsBackbone(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Name == FamilyParameter || parameter.ParentName == FamilyParameter;
    }

    /// <summary>A ResNet's values in readable form: what a task's default configurations start from.</summary>
    public static IReadOnlyDictionary<string, string> ResNet(int stages, int blocks, int width) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FamilyParameter] = ResNetConfig.FamilyName,
        ["resnet.stages"] = stages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["resnet.blocks"] = blocks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["resnet.width"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A plain CNN's values in readable form.</summary>
    public static IReadOnlyDictionary<string, string> PlainCnn(int blocks, int width) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FamilyParameter] = PlainCnnConfig.FamilyName,
        ["plaincnn.blocks"] = blocks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["plaincnn.width"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A MobileNetV2's values in readable form.</summary>
    public static IReadOnlyDictionary<string, string> MobileNetV2(double width, int expansion, int depth) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FamilyParameter] = MobileNetV2Config.FamilyName,
        ["mobilenetv2.width"] = width.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["mobilenetv2.expansion"] = expansion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["mobilenetv2.depth"] = depth.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The backbone a point of <paramref name="space"/> describes, with <paramref name="stem"/> and <paramref name="dropout"/>.</summary>
    public static ModelConfig ToBackbone(IReadOnlyDictionary<string, double> p, SearchSpace space, StemKind stem, double dropout = 0)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(space);
        return space[FamilyParameter].Distribution.Format(p[FamilyParameter]) switch
        {
            ResNetConfig.FamilyName => new ResNetConfig((int)p["resnet.stages"], (int)p["resnet.blocks"], (int)p["resnet.width"], stem) { Dropout = dropout },
            MobileNetV2Config.FamilyName => new MobileNetV2Config(p["mobilenetv2.width"], (int)p["mobilenetv2.expansion"], (int)p["mobilenetv2.depth"], stem) { Dropout = dropout },
            PlainCnnConfig.FamilyName => new PlainCnnConfig((int)p["plaincnn.blocks"], (int)p["plaincnn.width"]) { Dropout = dropout },
            var other => throw new ArgumentException($"Unknown family '{other}'.", nameof(p)),
        };
    }
}
