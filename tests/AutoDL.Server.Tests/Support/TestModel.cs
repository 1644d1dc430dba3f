using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Server.Tests.Support;

/// <summary>
/// A small random-weight classifier written as a real package and loaded once: what the server returns must
/// equal what <see cref="Predictor.PredictPixels"/> returns, whatever the weights are.
/// </summary>
public sealed class TestModel : IDisposable
{
    public static readonly IReadOnlyList<string> Classes = ["boot", "coat", "dress", "shirt"];

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-server-").FullName;

    public TestModel()
    {
        var shape = new ImageShape(1, 16, 16);
        var model = new PlainCnnConfig(Blocks: 2, BaseWidth: 8);
        torch.manual_seed(7);
        using var network = ModelFactory.Create(model, shape, Classes.Count);
        var manifest = new PackageManifest
        {
            Task = "image-classification",
            ClassNames = Classes,
            Input = shape,
            Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", [0.5f], [0.25f]),
            Model = model,
            Metrics = new PackageMetrics(0.5, null),
        };
        PackagePath = Path.Combine(_folder, ModelPackage.FileName);
        ModelPackage.Write(PackagePath, manifest, WeightsSerializer.Save(network));
        // One intra-op thread: the tests run servers and clients on two cores and check behaviour, not speed.
        Predictor = Predictor.Load(PackagePath, new PredictorOptions { Threads = 1 });
    }

    public string PackagePath { get; }

    /// <summary>Writes a copy of the package whose manifest <paramref name="change"/> altered, beside it (deleted with it), and returns its path.</summary>
    public string WriteVariant(Func<PackageManifest, PackageManifest> change)
    {
        var (manifest, weights) = ModelPackage.Read(PackagePath);
        var path = Path.Combine(_folder, $"variant-{Guid.NewGuid():N}.adlpk");
        ModelPackage.Write(path, change(manifest), weights);
        return path;
    }

    public Predictor Predictor { get; }

    /// <summary>What the predictor says about encoded images, decoded as the server decodes them.</summary>
    public IReadOnlyList<Prediction> Expected(IEnumerable<byte[]> encoded, int top) =>
        Predictor.PredictPixels(encoded.Select(Predictor.LoadImage).ToList(), top);

    public void Dispose()
    {
        Predictor.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
