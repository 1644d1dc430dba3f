using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutoDL.Packaging;
using SkiaSharp;

namespace AutoDL.Cli.Tests;

/// <summary>A user's path with detection data: fit recognises it, and predict, evaluate and serve speak boxes.</summary>
[Collection(CliCollection.Name)]
public sealed class DetectionCommandsTests : IDisposable
{
    private const int Width = 64;
    private const int Height = 48;

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-detection-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Data => Path.Combine(_folder, "data");

    private string Output => Path.Combine(_folder, "out");

    [Fact]
    public async Task Fit_on_a_single_COCO_file_then_predict_evaluate_and_serve_give_boxes_in_the_images_pixels_and_COCO_metrics()
    {
        WriteCoco(images: 60);

        var annotations = Path.Combine(Data, "annotations.json");
        var fit = CliHarness.Run("fit", annotations, "--time-limit", "25s", "--max-trials", "1", "--output", Output, "--seed", "1");

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Out);
        Assert.Contains("Test map", fit.Out, StringComparison.Ordinal);
        var model = Path.Combine(Output, "model.adlpk");

        var predict = CliHarness.Run("predict", model, Path.Combine(Data, "images"), "--format", "json", "--min-score", "0");
        Assert.True(predict.ExitCode == 0, predict.Error);
        using var predictions = JsonDocument.Parse(predict.Out);
        Assert.Equal(60, predictions.RootElement.GetArrayLength());
        foreach (var image in predictions.RootElement.EnumerateArray())
        {
            Assert.EndsWith(".png", image.GetProperty("file").GetString(), StringComparison.Ordinal);
            // At a floor of 0 every image has detections; each box [x, y, width, height] lies inside the 64 × 48 image.
            var detections = image.GetProperty("detections");
            Assert.NotEqual(0, detections.GetArrayLength());
            foreach (var detection in detections.EnumerateArray())
            {
                Assert.Equal("block", detection.GetProperty("label").GetString());
                Assert.InRange(detection.GetProperty("score").GetDouble(), 0, 1);
                double[] box = [.. detection.GetProperty("box").EnumerateArray().Select(v => v.GetDouble())];
                Assert.Equal(4, box.Length);
                Assert.True(box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= Width + 1e-9 && box[1] + box[3] <= Height + 1e-9, string.Join(",", box));
            }
        }

        var csv = CliHarness.Run("predict", model, Path.Combine(Data, "images", "000.png"), "--format", "csv", "--min-score", "0.99");
        Assert.True(csv.ExitCode == 0, csv.Error);
        Assert.StartsWith("file,label,score,x,y,width,height", csv.Out, StringComparison.Ordinal);

        var metrics = Path.Combine(_folder, "metrics.json");
        var evaluate = CliHarness.Run("evaluate", model, annotations, "--output", metrics);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("mAP@[.5:.95]", evaluate.Out, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(metrics));
        // The single annotation file names no test split: every image is evaluated.
        Assert.Equal(60, report.RootElement.GetProperty("count").GetInt32());
        foreach (var key in new[] { "map", "map50", "map75" })
        {
            Assert.InRange(report.RootElement.GetProperty(key).GetDouble(), 0, 1);
        }
        Assert.Equal("block", report.RootElement.GetProperty("per_class")[0].GetProperty("name").GetString());

        // The package carries the detector's ONNX graph: both engines report the same figures.
        var torch = CliHarness.Run("evaluate", model, annotations, "--backend", "torch", "--output", Path.Combine(_folder, "torch.json"));
        Assert.True(torch.ExitCode == 0, torch.Error);
        using var torchReport = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "torch.json")));
        Assert.Equal(report.RootElement.GetProperty("map").GetDouble(), torchReport.RootElement.GetProperty("map").GetDouble(), 4);

        var onnxFile = Path.Combine(_folder, "detector.onnx");
        var export = CliHarness.Run("export", model, "--onnx", onnxFile);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(File.Exists(onnxFile));
        Assert.Contains("max |Δbox|", export.Out, StringComparison.Ordinal);
        Assert.Contains("'boxes'", export.Out, StringComparison.Ordinal);

        // optimize times the detector's engines and stores its choice, which serve then runs with.
        var optimize = CliHarness.Run("optimize", model, "--measure-time", "0.05s");
        Assert.True(optimize.ExitCode == 0, optimize.Error);
        Assert.Contains("Chosen:", optimize.Out, StringComparison.Ordinal);
        Assert.NotNull(ModelPackage.Read(model).Manifest.Inference);

        await AssertServedAsPredictedAsync(model, Path.Combine(Data, "images", "001.png"));
    }

    /// <summary>`serve` answers an image with the detections `predict --format json` lists for it.</summary>
    private static async Task AssertServedAsPredictedAsync(string model, string image)
    {
        var predict = CliHarness.Run("predict", model, image, "--format", "json", "--min-score", "0.05");
        Assert.True(predict.ExitCode == 0, predict.Error);
        using var predicted = JsonDocument.Parse(predict.Out);
        using var server = await ServeProcess.StartAsync(["--port", "0", model]);
        using var client = new HttpClient { BaseAddress = server.Address };
        using var content = new ByteArrayContent(File.ReadAllBytes(image));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using var response = await client.PostAsync("/v1/predict?minScore=0.05", content);
        string text = await response.Content.ReadAsStringAsync();
        int exit = await server.StopAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.True(exit == 0, server.Error);
        using var served = JsonDocument.Parse(text);
        var expected = predicted.RootElement[0].GetProperty("detections").EnumerateArray().ToList();
        var actual = served.RootElement.GetProperty("predictions")[0].GetProperty("detections").EnumerateArray().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(d => d.GetProperty("label").GetString()), actual.Select(d => d.GetProperty("label").GetString()));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.GetProperty("score").GetDouble(), a.GetProperty("score").GetDouble(), 1e-5);
            // Both round to a hundredth of a pixel; a last-digit difference in the sum may round the other way.
            foreach (var (x, y) in e.GetProperty("box").EnumerateArray().Zip(a.GetProperty("box").EnumerateArray()))
            {
                Assert.Equal(x.GetDouble(), y.GetDouble(), 0.011);
            }
        }
    }

    /// <summary>One COCO file for all images (no split named): each a dark 64 × 48 image with one bright block.</summary>
    private void WriteCoco(int images)
    {
        var random = new Random(5);
        var json = new StringBuilder("{\"images\": [");
        var annotations = new StringBuilder();
        for (int i = 0; i < images; i++)
        {
            int w = random.Next(10, 30), h = random.Next(10, 24), x = random.Next(0, Width - w), y = random.Next(0, Height - h);
            var name = $"{i:000}.png";
            WriteImage(Path.Combine(Data, "images", name), x, y, w, h);
            json.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}{{\"id\": {i + 1}, \"file_name\": \"{name}\", \"width\": {Width}, \"height\": {Height}}}");
            annotations.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}{{\"id\": {i + 1}, \"image_id\": {i + 1}, \"category_id\": 1, \"bbox\": [{x}, {y}, {w}, {h}], \"area\": {w * h}, \"iscrowd\": 0}}");
        }
        json.Append("], \"annotations\": [").Append(annotations).Append("], \"categories\": [{\"id\": 1, \"name\": \"block\"}]}");
        File.WriteAllText(Path.Combine(Data, "annotations.json"), json.ToString());
    }

    private static void WriteImage(string path, int x, int y, int w, int h)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (int row = 0; row < Height; row++)
        {
            for (int column = 0; column < Width; column++)
            {
                bool inside = column >= x && column < x + w && row >= y && row < y + h;
                pixels[(row * bitmap.RowBytes) + column] = (byte)(inside ? 220 : 30);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png.ToArray());
    }
}
