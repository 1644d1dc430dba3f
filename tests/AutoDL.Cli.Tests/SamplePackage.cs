using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Cli.Tests;

/// <summary>An untrained model package of the shipped sample's shape and classes: enough to drive commands that run a model.</summary>
internal static class SamplePackage
{
    public static string Sample { get; } = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");

    /// <summary>Writes <c>model.adlpk</c> into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string folder, ModelConfig model, int seed)
    {
        var classes = Directory.GetDirectories(Sample).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();
        var shape = new ImageShape(1, 28, 28);
        torch.manual_seed(seed);
        using var network = ModelFactory.Create(model, shape, classes.Length);
        var path = Path.Combine(folder, "model.adlpk");
        ModelPackage.Write(path, new PackageManifest
        {
            Task = "image-classification",
            ClassNames = classes,
            Input = shape,
            Preprocessing = new Preprocessing("resize-shorter-centre-crop", [0.29f], [0.35f]),
            Model = model,
            Metrics = new PackageMetrics(0, null),
        }, WeightsSerializer.Save(network));
        return path;
    }
}
