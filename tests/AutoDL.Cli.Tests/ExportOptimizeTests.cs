using System.Text.Json;
using AutoDL.Models;
using AutoDL.Packaging;
using Microsoft.ML.OnnxRuntime;

namespace AutoDL.Cli.Tests;

/// <summary>`export`, `optimize` and the engine options, on a small untrained model of the shipped sample's shape.</summary>
[Collection(CliCollection.Name)]
public sealed class ExportOptimizeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-export-").FullName;
    private readonly string _sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WritePackage() => SamplePackage.Write(_folder, new ResNetConfig(2, 1, 8), seed: 4);

    [Fact]
    public void Export_writes_an_onnx_model_that_onnx_runtime_loads_after_checking_it_against_libtorch()
    {
        var model = WritePackage();
        var onnx = Path.Combine(_folder, "exported", "model.onnx");

        var export = CliHarness.Run("export", model, "--onnx", onnx);

        Assert.True(export.ExitCode == 0, export.Error + export.Out);
        Assert.Contains("Checked against libtorch", export.Out, StringComparison.Ordinal);
        Assert.Contains("0 labels differ", export.Out, StringComparison.Ordinal);
        using var session = new InferenceSession(onnx);
        Assert.Equal(["pixels"], session.InputMetadata.Keys);
        Assert.Equal(typeof(byte), session.InputMetadata["pixels"].ElementType);
        Assert.Contains("Bag", session.ModelMetadata.CustomMetadataMap["class_names"], StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_stores_its_choice_and_the_onnx_export_in_the_package_and_predict_uses_them()
    {
        var model = WritePackage();
        var json = Path.Combine(_folder, "tuning.json");

        var optimize = CliHarness.Run("optimize", model, "--measure-time", "0.05s", "--json", json);

        Assert.True(optimize.ExitCode == 0, optimize.Error + optimize.Out);
        Assert.Contains("Chosen:", optimize.Out, StringComparison.Ordinal);
        var package = ModelPackage.ReadContents(model);
        Assert.NotNull(package.Onnx);
        var chosen = Assert.IsType<InferenceSettings>(package.Manifest.Inference);
        using var tuning = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(chosen.Backend.ToString(), tuning.RootElement.GetProperty("chosen").GetProperty("backend").GetString());
        Assert.True(tuning.RootElement.GetProperty("measurements").GetArrayLength() >= 8);
    }

    [Fact]
    public void Optimize_with_dry_run_leaves_the_package_as_it_was()
    {
        var model = WritePackage();
        var before = File.ReadAllBytes(model);

        var optimize = CliHarness.Run("optimize", model, "--measure-time", "0.05s", "--dry-run");

        Assert.True(optimize.ExitCode == 0, optimize.Error + optimize.Out);
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void Predict_gives_the_same_labels_with_onnx_runtime_and_with_libtorch()
    {
        var model = WritePackage();
        var images = Path.Combine(_sample, "Sneaker");

        var onnx = CliHarness.Run("predict", model, images, "--backend", "onnx", "--format", "csv");
        var torchRun = CliHarness.Run("predict", model, images, "--backend", "torch", "--threads", "1", "--format", "csv");

        Assert.True(onnx.ExitCode == 0, onnx.Error);
        Assert.True(torchRun.ExitCode == 0, torchRun.Error);
        var onnxLabels = Labels(onnx.Out);
        Assert.Equal(100, onnxLabels.Count);
        Assert.Equal(Labels(torchRun.Out), onnxLabels);
    }

    [Theory]
    [InlineData("--backend", "tensorflow", "'tensorflow' not recognized")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    public void A_bad_engine_option_is_a_usage_error(string option, string value, string message)
    {
        var model = WritePackage();

        var predict = CliHarness.Run("predict", model, _sample, option, value);

        Assert.Equal(2, predict.ExitCode);
        Assert.Contains(message, predict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporting_a_missing_package_says_so_without_a_stack_trace()
    {
        var export = CliHarness.Run("export", Path.Combine(_folder, "none.adlpk"), "--onnx", Path.Combine(_folder, "x.onnx"));

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("does not exist", export.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", export.Error, StringComparison.Ordinal);
    }

    private static List<string> Labels(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[1]).ToList();
}
