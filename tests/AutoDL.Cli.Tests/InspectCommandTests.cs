using AutoDL.Cli.Commands;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Quality;
using SkiaSharp;

namespace AutoDL.Cli.Tests;

/// <summary>`autodl inspect` on a folder with planted problems.</summary>
[Collection(CliCollection.Name)]
public sealed class InspectCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-inspect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Data => Path.Combine(_folder, "data");

    private string Output => Path.Combine(_folder, "report");

    [Fact]
    public void Inspect_reports_a_corrupt_file_and_a_duplicate_across_splits_and_still_exits_zero()
    {
        // Given three classes of noise images, a corrupt .png in train/b and a copy of train/a/0.png in test/a
        WriteData(perClass: 4);

        // When it is inspected
        var (exit, output, error) = CliHarness.Run("inspect", Data, "--output", Output, "--no-label-check");

        // Then both reports are written, and the summary names the corrupt file and the leaked copy
        Assert.True(exit == 0, error + output);
        string json = Path.Combine(Output, "quality.json");
        string html = Path.Combine(Output, "quality.html");
        Assert.True(File.Exists(json), "quality.json was not written");
        Assert.True(File.Exists(html), "quality.html was not written");
        Assert.Contains("train/b/corrupt.png", output, StringComparison.Ordinal);
        Assert.Contains("Images in two splits (leakage) (1):", output, StringComparison.Ordinal);
        Assert.Contains("train/a/0.png (train) ↔ test/a/copy.png (test) (exact)", output, StringComparison.Ordinal);
        Assert.Contains(json, output, StringComparison.Ordinal);
        Assert.Contains(html, output, StringComparison.Ordinal);

        var report = QualityReportJson.Deserialize(File.ReadAllText(json));
        var unreadable = Assert.Single(report.Unreadable);
        Assert.EndsWith("corrupt.png", unreadable.Path, StringComparison.Ordinal);
        var leak = Assert.Single(report.Leakage);
        Assert.Equal(DuplicateKind.Exact, leak.Kind);
        Assert.Contains("train/b/corrupt.png", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void No_label_check_skips_the_model_and_says_so()
    {
        WriteData(perClass: 12);

        var (exit, output, error) = CliHarness.Run("inspect", Data, "-o", Output, "--no-label-check");

        Assert.True(exit == 0, error + output);
        var report = QualityReportJson.Deserialize(File.ReadAllText(Path.Combine(Output, "quality.json")));
        Assert.Null(report.LabelModel);
        Assert.Equal("not asked for", report.LabelModelSkipped);
        Assert.Contains("not checked: not asked for", output, StringComparison.Ordinal);
        Assert.DoesNotContain("label check: fold", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_label_check_trains_one_model_per_fold_asked_for()
    {
        // 3 classes × 8 training images: enough for 2 folds (the analysis needs 10 per fold), and seconds to train
        WriteData(perClass: 8);

        var (exit, output, error) = CliHarness.Run("inspect", Data, "-o", Output, "--folds", "2", "--seed", "3");

        Assert.True(exit == 0, error + output);
        var report = QualityReportJson.Deserialize(File.ReadAllText(Path.Combine(Output, "quality.json")));
        Assert.NotNull(report.LabelModel);
        Assert.Equal(2, report.LabelModel.Folds);
        Assert.Contains("label check: fold 2 of 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspecting_a_missing_folder_names_it_in_one_line_and_exits_one()
    {
        string missing = Path.Combine(_folder, "nowhere");

        var (exit, _, error) = CliHarness.Run("inspect", missing, "-o", Output);

        Assert.Equal(1, exit);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output), "no report folder should be left behind for data that could not be read");
    }

    [Fact]
    public void Fewer_than_two_folds_is_a_usage_error()
    {
        WriteData(perClass: 4);

        var (exit, _, error) = CliHarness.Run("inspect", Data, "-o", Output, "--folds", "1");

        Assert.Equal(2, exit);
        Assert.Contains("--folds", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_describes_inspect_and_its_options()
    {
        var (exit, output, _) = CliHarness.Run("inspect", "--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--output", "--no-label-check", "--folds", "--seed" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// train/{a,b,c} with <paramref name="perClass"/> 16×16 grey noise images each (noise, so no two are near
    /// duplicates by chance), test/{a,b,c} with one each, plus train/b/corrupt.png (random bytes) and
    /// test/a/copy.png (the bytes of train/a/0.png).
    /// </summary>
    private void WriteData(int perClass)
    {
        var random = new Random(11);
        foreach (var cls in new[] { "a", "b", "c" })
        {
            for (int i = 0; i < perClass; i++)
            {
                Write(Path.Combine(Data, "train", cls, $"{i}.png"), Noise(random));
            }
            Write(Path.Combine(Data, "test", cls, "t.png"), Noise(random));
        }
        var corrupt = new byte[300];
        random.NextBytes(corrupt);
        Write(Path.Combine(Data, "train", "b", "corrupt.png"), corrupt);
        Write(Path.Combine(Data, "test", "a", "copy.png"), File.ReadAllBytes(Path.Combine(Data, "train", "a", "0.png")));
    }

    [Fact]
    public void Inspect_recognises_coco_detection_data_and_reports_its_objects_and_what_it_left_out()
    {
        var random = new Random(3);
        Write(Path.Combine(Data, "train", "a.png"), Noise(random));
        Write(Path.Combine(Data, "train", "b.png"), Noise(random));
        Write(Path.Combine(Data, "annotations", "instances_train.json"), System.Text.Encoding.UTF8.GetBytes("""
            {"images": [{"id": 1, "file_name": "a.png"}, {"id": 2, "file_name": "b.png"}],
             "annotations": [{"image_id": 1, "category_id": 1, "bbox": [1, 1, 8, 8]}, {"image_id": 2, "category_id": 2, "bbox": [2, 2, 30, 4]}],
             "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]}
            """));

        var (exit, output, error) = CliHarness.Run("inspect", Data, "--output", Output);

        Assert.True(exit == 0, error);
        Assert.Contains("coco detection data, 2 classes", output, StringComparison.Ordinal);
        Assert.Contains("Classes with no training object", output, StringComparison.Ordinal);
        Assert.Contains("reaches outside its 16x16 image", output, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, InspectCommand.JsonFile)));
        Assert.Equal("coco", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("splits").GetProperty("train").GetProperty("objects").GetInt32());
        Assert.Equal("dog", json.RootElement.GetProperty("classes_without_training_objects")[0].GetString());
    }

    private static byte[] Noise(Random random)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Gray8, SKAlphaType.Opaque));
        random.NextBytes(bitmap.GetPixelSpan());
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
