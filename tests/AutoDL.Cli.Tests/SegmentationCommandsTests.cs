using System.Text.Json;
using AutoDL.Tests.TestData;

namespace AutoDL.Cli.Tests;

/// <summary>A user's path with segmentation data: fit recognises it, predict writes masks, evaluate and export work on both engines.</summary>
[Collection(CliCollection.Name)]
public sealed class SegmentationCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-segmentation-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Data => Path.Combine(_folder, "data");

    private string Output => Path.Combine(_folder, "out");

    [Fact]
    public async Task Fit_on_images_and_masks_then_predict_writes_a_mask_per_image_evaluate_and_export_agree_across_engines_and_serve_answers_the_same_mask()
    {
        MaskScenes.Write(Directory.CreateDirectory(Data).FullName, train: 48, validation: 8, test: 8);

        var fit = CliHarness.Run("fit", Data, "--time-limit", "25s", "--max-trials", "1", "--output", Output, "--seed", "1");
        Assert.True(fit.ExitCode == 0, fit.Error + fit.Out);
        Assert.Contains("Test miou", fit.Out, StringComparison.Ordinal);
        var model = Path.Combine(Output, "model.adlpk");

        var images = Path.Combine(Data, "test", "images");
        var masks = Path.Combine(_folder, "masks");
        var overlays = Path.Combine(_folder, "overlays");
        var predict = CliHarness.Run("predict", model, images, "--masks", masks, "--overlay", overlays, "--format", "json");
        Assert.True(predict.ExitCode == 0, predict.Error);
        using var summary = JsonDocument.Parse(predict.Out);
        Assert.Equal(8, summary.RootElement.GetArrayLength());
        foreach (var entry in summary.RootElement.EnumerateArray())
        {
            var stem = Path.GetFileNameWithoutExtension(entry.GetProperty("file").GetString());
            Assert.Equal(Path.Combine(masks, stem + ".png"), entry.GetProperty("mask").GetString());
            Assert.Equal((MaskScenes.Width, MaskScenes.Height), (entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32()));
            var shares = entry.GetProperty("shares").EnumerateObject().ToList();
            Assert.Equal(MaskScenes.ClassNames, shares.Select(s => s.Name));
            Assert.Equal(1, shares.Sum(s => s.Value.GetDouble()), 4);
            Assert.True(File.Exists(Path.Combine(overlays, stem + ".jpg")));
        }
        Assert.Equal(predict.Out.Trim(), File.ReadAllText(Path.Combine(masks, "summary.json")).Trim());

        // Predicted masks read back as data: evaluating them as if they were the truth gives the package's own mIoU of 1.
        var echo = Path.Combine(_folder, "echo");
        Directory.CreateDirectory(Path.Combine(echo, "test"));
        File.Copy(Path.Combine(Data, "classes.txt"), Path.Combine(echo, "classes.txt"));
        CopyFolder(images, Path.Combine(echo, "test", "images"));
        CopyFolder(masks, Path.Combine(echo, "test", "masks"), "*.png");
        var onnxMetrics = Path.Combine(_folder, "onnx.json");
        var evaluate = CliHarness.Run("evaluate", model, echo, "--backend", "onnx", "--output", onnxMetrics);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using (var report = JsonDocument.Parse(File.ReadAllText(onnxMetrics)))
        {
            Assert.Equal(1, report.RootElement.GetProperty("pixel_accuracy").GetDouble(), 3);
        }

        var torchMetrics = Path.Combine(_folder, "torch.json");
        Assert.Equal(0, CliHarness.Run("evaluate", model, Data, "--backend", "torch", "--output", torchMetrics).ExitCode);
        Assert.Equal(0, CliHarness.Run("evaluate", model, Data, "--backend", "onnx", "--output", onnxMetrics).ExitCode);
        using (var torch = JsonDocument.Parse(File.ReadAllText(torchMetrics)))
        using (var onnx = JsonDocument.Parse(File.ReadAllText(onnxMetrics)))
        {
            Assert.Equal(torch.RootElement.GetProperty("miou").GetDouble(), onnx.RootElement.GetProperty("miou").GetDouble(), 3);
        }

        var onnxFile = Path.Combine(_folder, "segmenter.onnx");
        var export = CliHarness.Run("export", model, "--onnx", onnxFile);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(File.Exists(onnxFile));
        Assert.Contains("pixels labelled alike", export.Out, StringComparison.Ordinal);
        Assert.Contains("'mask'", export.Out, StringComparison.Ordinal);

        // optimize times the network's engines and stores its choice; serve then answers an image with predict's mask.
        var optimize = CliHarness.Run("optimize", model, "--measure-time", "0.05s");
        Assert.True(optimize.ExitCode == 0, optimize.Error);
        Assert.Contains("Chosen:", optimize.Out, StringComparison.Ordinal);
        var first = Directory.GetFiles(images).Order(StringComparer.Ordinal).First();
        await AssertServedAsPredictedAsync(model, first, File.ReadAllBytes(Path.Combine(masks, Path.GetFileNameWithoutExtension(first) + ".png")));

        // Without --masks there is nowhere to write; a mask that would overwrite its image is refused before anything is written.
        var noFolder = CliHarness.Run("predict", model, images);
        Assert.Equal(2, noFolder.ExitCode);
        Assert.Contains("--masks DIR", noFolder.Error, StringComparison.Ordinal);
        var overwrite = CliHarness.Run("predict", model, images, "--masks", images);
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains("would overwrite the image", overwrite.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", overwrite.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// `serve` answers an image with the mask `predict --masks` wrote for it. optimize may have chosen the other engine
    /// than predict ran: the engines may differ on a pixel whose two best classes tie to rounding, one in a thousand at most.
    /// </summary>
    private static async Task AssertServedAsPredictedAsync(string model, string image, byte[] predictedMask)
    {
        using var server = await ServeProcess.StartAsync(["--port", "0", model]);
        using var client = new HttpClient { BaseAddress = server.Address };
        using var content = new ByteArrayContent(File.ReadAllBytes(image));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");

        using var response = await client.PostAsync("/v1/predict", content);
        string text = await response.Content.ReadAsStringAsync();
        int exit = await server.StopAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.True(exit == 0, server.Error);
        using var served = JsonDocument.Parse(text);
        var answer = served.RootElement.GetProperty("predictions")[0];
        var shape = new AutoDL.Data.ImageShape(3, MaskScenes.Height, MaskScenes.Width);
        var expected = AutoDL.Data.ImageDecoder.Decode(predictedMask, shape);
        var actual = AutoDL.Data.ImageDecoder.Decode(Convert.FromBase64String(answer.GetProperty("mask").GetString()!), shape);
        Assert.True(expected.Zip(actual).Count(p => p.First != p.Second) <= expected.Length / 1000, "the served mask differs from predict's");
        Assert.Equal(MaskScenes.ClassNames, answer.GetProperty("shares").EnumerateObject().Select(s => s.Name));
    }

    private static void CopyFolder(string from, string to, string pattern = "*")
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, pattern))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
