using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Training;
using AutoDL.Tests.TestData;
using TorchSharp;

namespace AutoDL.Tests.Inference;

[Collection(TorchCollection.Name)]
public sealed class InferenceTunerTests
{
    private static InferenceMeasurement M(InferenceBackend backend, int threads, int batch, double p95, double imagesPerSecond) =>
        new(backend, threads, batch, 20, p95 * 0.8, p95, imagesPerSecond);

    [Fact]
    public void Given_measurements_then_the_engine_with_the_lowest_single_image_p95_wins_with_its_best_throughput_batch()
    {
        var measurements = new[]
        {
            M(InferenceBackend.Torch, 2, 1, p95: 0.9, imagesPerSecond: 1_200),
            M(InferenceBackend.Torch, 2, 32, p95: 6, imagesPerSecond: 9_000),
            M(InferenceBackend.Onnx, 1, 1, p95: 0.4, imagesPerSecond: 3_000),
            M(InferenceBackend.Onnx, 1, 8, p95: 2, imagesPerSecond: 5_000),
            M(InferenceBackend.Onnx, 2, 1, p95: 0.2, imagesPerSecond: 6_000),
            M(InferenceBackend.Onnx, 2, 8, p95: 1.1, imagesPerSecond: 8_000),
            M(InferenceBackend.Onnx, 2, 32, p95: 4.5, imagesPerSecond: 7_500),
        };

        var chosen = InferenceTuner.Choose(measurements);

        Assert.Equal(InferenceBackend.Onnx, chosen.Backend);
        Assert.Equal(2, chosen.Threads);
        Assert.Equal(8, chosen.MaxBatchSize);
        Assert.Equal(0.5, chosen.MaxBatchWaitMilliseconds); // p50 of 0.16 ms, raised to the 0.5 ms floor
    }

    [Fact]
    public void Given_no_single_image_measurement_then_choosing_is_refused()
    {
        Assert.Throws<ArgumentException>(() => InferenceTuner.Choose([M(InferenceBackend.Onnx, 1, 8, 1, 100)]));
    }

    [Fact]
    public void Given_a_model_when_tuned_then_every_engine_thread_count_and_batch_size_is_measured_and_the_choice_is_one_of_them()
    {
        var shape = new ImageShape(1, 12, 12);
        var model = new PlainCnnConfig(1, 8);
        torch.manual_seed(1);
        using var network = ModelFactory.Create(model, shape, 3);
        var manifest = new PackageManifest
        {
            Task = "image-classification",
            ClassNames = ["a", "b", "c"],
            Input = shape,
            Preprocessing = new Preprocessing("resize-shorter-centre-crop", [0.5f], [0.25f]),
            Model = model,
            Metrics = new PackageMetrics(0, null),
        };
        var package = new PackageContents("memory", manifest, WeightsSerializer.Save(network), null);
        var options = new InferenceTunerOptions { BatchSizes = [4], Threads = [1, 2], TimePerMeasurement = TimeSpan.FromMilliseconds(20), MinCalls = 5 };
        var heard = new List<InferenceMeasurement>();

        var tuning = InferenceTuner.Tune(package, options, new SynchronousProgress<InferenceMeasurement>(heard.Add));

        Assert.Equal(8, tuning.Measurements.Count); // 2 engines × 2 thread counts × batch sizes {1, 4}
        Assert.Equal(tuning.Measurements, heard);
        Assert.All(tuning.Measurements, m => Assert.True(m.Calls >= 5 && m.ImagesPerSecond > 0 && m.P95Milliseconds >= m.P50Milliseconds));
        Assert.Contains(tuning.Measurements, m => m.Backend == tuning.Chosen.Backend && m.Threads == tuning.Chosen.Threads && m.BatchSize == 1);
        Assert.Contains(tuning.Chosen.MaxBatchSize, new[] { 1, 4 });
        Assert.NotNull(tuning.Chosen.MeasuredOn);
    }
}
