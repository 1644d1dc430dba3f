using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Runtime;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Inference;

[Collection(TorchCollection.Name)]
public sealed class PredictorThreadsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-threads-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Given_a_libtorch_predictor_on_one_thread_when_it_predicts_then_the_process_keeps_its_own_thread_count()
    {
        var shape = new ImageShape(1, 8, 8);
        var model = new PlainCnnConfig(1, 8);
        TorchRuntime.Initialize();
        using var network = ModelFactory.Create(model, shape, 2);
        var path = Path.Combine(_folder, ModelPackage.FileName);
        ModelPackage.Write(path, new PackageManifest
        {
            Task = "image-classification",
            ClassNames = ["a", "b"],
            Input = shape,
            Preprocessing = new Preprocessing("resize-shorter-centre-crop", [0.5f], [0.25f]),
            Model = model,
            Metrics = new PackageMetrics(0, null),
        }, WeightsSerializer.Save(network));
        int before = torch.get_num_threads();
        Assert.True(before > 1 || Environment.ProcessorCount == 1, "the test needs a process with more than one libtorch thread");

        using var predictor = Predictor.Load(path, new PredictorOptions { Backend = InferenceBackend.Torch, Threads = 1 });
        predictor.PredictPixels([new byte[shape.PixelCount]]);

        Assert.Equal(1, predictor.Settings.Threads);
        Assert.Equal(before, torch.get_num_threads());
    }
}
