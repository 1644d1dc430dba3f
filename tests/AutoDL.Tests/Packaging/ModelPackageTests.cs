using System.IO.Compression;
using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Tests.Packaging;

[Collection(TorchCollection.Name)]
public sealed class ModelPackageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-package-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Path, ImageDataset Data, byte[] Weights, ModelConfig Model, NormalizationStats Stats) WritePackage()
    {
        var data = SyntheticImages.Bands(8, classes: 3, size: 12);
        var stats = NormalizationStats.Compute(data);
        var model = new PlainCnnConfig(Blocks: 2, BaseWidth: 8) { Dropout = 0.1 };
        torch.manual_seed(3);
        using var network = ModelFactory.Create(model, data.Shape, 3);
        var weights = WeightsSerializer.Save(network);
        var manifest = new PackageManifest
        {
            Task = "image-classification",
            ClassNames = data.ClassNames,
            Input = data.Shape,
            Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", stats.Mean, stats.Std),
            Model = model,
            Training = new TrainingConfig(),
            Metrics = new PackageMetrics(0.5, null),
        };
        var path = Path.Combine(_folder, ModelPackage.FileName);
        ModelPackage.Write(path, manifest, weights);
        return (path, data, weights, model, stats);
    }

    [Theory]
    [InlineData(InferenceBackend.Torch)]
    [InlineData(InferenceBackend.Onnx)]
    public void Given_a_written_package_when_loaded_then_predictions_equal_the_original_network(InferenceBackend backend)
    {
        var (path, data, weights, model, stats) = WritePackage();
        using var original = ModelFactory.Create(model, data.Shape, 3);
        WeightsSerializer.Load(original, weights);
        var expected = NetworkRunner.PredictProbabilities(original, data, new BatchBuilder(data.Shape, stats), 3);

        using var predictor = Predictor.Load(path, new PredictorOptions { Backend = backend });
        var predictions = predictor.PredictPixels(Enumerable.Range(0, data.Count).Select(i => data.Image(i).ToArray()).ToList(), top: 3);

        Assert.Equal(backend, predictor.Settings.Backend);
        Assert.Equal(model, predictor.Manifest.Model);
        Assert.Equal(data.ClassNames, predictor.ClassNames);
        for (int i = 0; i < data.Count; i++)
        {
            foreach (var score in predictions[i].Top)
            {
                int k = data.ClassNames.ToList().IndexOf(score.Label);
                Assert.Equal(expected[i * 3 + k], score.Probability, 1e-5);
            }
        }
    }

    [Fact]
    public void Given_tampered_weights_when_loaded_then_a_clear_error_names_the_package()
    {
        var (path, _, weights, _, _) = WritePackage();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("weights.bin")!.Delete();
            using var entry = zip.CreateEntry("weights.bin").Open();
            var changed = (byte[])weights.Clone();
            changed[^10] ^= 0xFF;
            entry.Write(changed);
        }

        var error = Assert.Throws<AutoDLException>(() => Predictor.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_write_that_fails_at_the_end_then_no_half_written_file_is_left_and_the_error_comes_through()
    {
        var (path, _, weights, _, _) = WritePackage();
        var manifest = ModelPackage.Read(path).Manifest;
        // A folder where the package should go makes the final move fail after the whole temporary file is written.
        var blocked = Path.Combine(_folder, "blocked.adlpk");
        Directory.CreateDirectory(blocked);

        Assert.ThrowsAny<IOException>(() => ModelPackage.Write(blocked, manifest, weights));

        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
        Assert.True(Directory.Exists(blocked));
    }

    [Fact]
    public void Given_weights_that_inflate_far_past_what_the_manifest_s_network_needs_then_the_package_is_refused_before_inflating_them()
    {
        var (path, _, _, _, _) = WritePackage();
        var bomb = Path.Combine(_folder, "bomb.adlpk");
        using (var source = ZipFile.OpenRead(path))
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry("manifest.json").Open())
            using (var original = source.GetEntry("manifest.json")!.Open())
            {
                original.CopyTo(entry);
            }
            // 64 MiB of zeros deflate to about 64 KiB; the network of this package has a few thousand parameters.
            using var weights = zip.CreateEntry("weights.bin", CompressionLevel.Fastest).Open();
            weights.Write(new byte[64 << 20]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<AutoDLException>(() => ModelPackage.Read(bomb));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(bomb, error.Message, StringComparison.Ordinal);
        Assert.Contains("weights.bin would inflate to 67,108,864 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16 << 20, $"{allocated:N0} bytes allocated to refuse it");
    }

    [Fact]
    public void Given_several_writers_of_one_path_at_once_then_every_write_succeeds_and_a_whole_package_is_left()
    {
        var (path, _, _, _, _) = WritePackage();
        // Two fits on one folder write its package at the same moments; they once shared one temporary file. Weights of a
        // few megabytes (a network with over a million parameters) keep each write open long enough for writers to overlap.
        var manifest = ModelPackage.Read(path).Manifest with { Model = new ResNetConfig(Stages: 3, BlocksPerStage: 2, BaseWidth: 64) };
        var weights = new byte[4 << 20];
        new Random(1).NextBytes(weights);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            try
            {
                ModelPackage.Write(path, manifest, weights);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                errors.Enqueue(e);
            }
        });

        Assert.Empty(errors);
        Assert.Equal(weights, ModelPackage.Read(path).Weights);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Given_a_truncated_package_when_loaded_then_it_is_reported_damaged()
    {
        var (path, _, _, _, _) = WritePackage();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<AutoDLException>(() => Predictor.Load(path));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_file_that_is_not_a_package_when_loaded_then_it_is_reported_damaged()
    {
        var path = Path.Combine(_folder, "not-a-model.adlpk");
        File.WriteAllText(path, "hello");

        var error = Assert.Throws<AutoDLException>(() => ModelPackage.Read(path));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_missing_package_when_loaded_then_the_error_says_it_does_not_exist()
    {
        var error = Assert.Throws<AutoDLException>(() => ModelPackage.Read(Path.Combine(_folder, "nothing.adlpk")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_package_with_its_onnx_export_when_read_then_the_export_comes_back_checked()
    {
        var (path, _, weights, _, _) = WritePackage();
        var written = ModelPackage.ReadContents(path);
        Assert.Null(written.Onnx);
        var onnx = OnnxExporter.Export(written);

        ModelPackage.Write(path, written.Manifest, weights, onnx);
        var read = ModelPackage.ReadContents(path);

        Assert.Equal(onnx, read.Onnx);
        Assert.NotNull(read.Manifest.OnnxSha256);
    }

    [Fact]
    public void Given_a_tampered_onnx_export_when_read_then_the_package_is_reported_damaged()
    {
        var (path, _, weights, _, _) = WritePackage();
        var written = ModelPackage.ReadContents(path);
        var onnx = OnnxExporter.Export(written);
        ModelPackage.Write(path, written.Manifest, weights, onnx);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("model.onnx")!.Delete();
            using var entry = zip.CreateEntry("model.onnx").Open();
            entry.Write(onnx.AsSpan(0, onnx.Length - 100));
        }

        var error = Assert.Throws<AutoDLException>(() => Predictor.Load(path, new PredictorOptions { Backend = InferenceBackend.Onnx }));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_optimised_settings_in_the_package_when_loaded_without_options_then_the_predictor_uses_them()
    {
        var (path, _, weights, _, _) = WritePackage();
        var written = ModelPackage.ReadContents(path);
        var settings = new InferenceSettings(InferenceBackend.Torch, 1, 16, 3);
        ModelPackage.Write(path, written.Manifest with { Inference = settings }, weights);

        using var predictor = Predictor.Load(path);
        using var overridden = Predictor.Load(path, new PredictorOptions { Backend = InferenceBackend.Onnx });

        Assert.Equal(settings, predictor.Settings);
        Assert.Equal(settings with { Backend = InferenceBackend.Onnx }, overridden.Settings);
    }
}
