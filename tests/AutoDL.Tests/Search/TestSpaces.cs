using AutoDL.Search;
using AutoDL.Search.Distributions;

namespace AutoDL.Tests.Search;

/// <summary>Spaces shared by the search tests.</summary>
internal static class TestSpaces
{
    /// <summary>
    /// Shaped like the image-classification space: a family with its own conditional parameters (the
    /// architecture), then training hyperparameters with a conditional of their own.
    /// </summary>
    public static SearchSpace ImageLike { get; } = new(
    [
        new("family", new CategoricalDistribution(["resnet", "mobilenetv2", "plaincnn"])),
        new("resnet.stages", new IntDistribution(2, 4), "family", "resnet"),
        new("resnet.width", new IntDistribution(16, 64, Step: 8), "family", "resnet"),
        new("mobilenetv2.width", new FloatDistribution(0.5, 1.5), "family", "mobilenetv2"),
        new("mobilenetv2.expansion", new IntDistribution(2, 6), "family", "mobilenetv2"),
        new("plaincnn.blocks", new IntDistribution(1, 3), "family", "plaincnn"),
        new("dropout", new FloatDistribution(0, 0.3)),
        new("optimizer", new CategoricalDistribution(["adamw", "sgd"])),
        new("adamw.lr", new FloatDistribution(3e-4, 5e-2, Log: true), "optimizer", "adamw"),
        new("sgd.lr", new FloatDistribution(1e-2, 0.3, Log: true), "optimizer", "sgd"),
        new("weight_decay", new FloatDistribution(1e-5, 1e-2, Log: true)),
        new("epochs", new IntDistribution(1, 40)),
    ]);

    /// <summary>Whether a parameter describes the network: the family and what depends on it.</summary>
    public static bool IsArchitecture(SearchParameter parameter) => parameter.Name == "family" || parameter.ParentName == "family";
}
