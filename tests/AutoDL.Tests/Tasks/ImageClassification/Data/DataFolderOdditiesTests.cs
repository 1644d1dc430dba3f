using System.Diagnostics;
using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

/// <summary>
/// Folders nobody assembled with care: links that loop or duplicate, pipes and devices under an image's name, and
/// files that fail in ways no decoder expects. Each is skipped and listed; nothing hangs, nothing ends the import.
/// </summary>
public sealed class DataFolderOdditiesTests : IDisposable
{
    // An import that hangs must fail the test, not the run.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_folder_link_that_loops_back_to_its_parent_is_entered_once_and_listed()
    {
        WriteTwoClasses();
        Directory.CreateDirectory(_temp.Combine("a", "sub"));
        var loop = _temp.Combine("a", "sub", "loop");
        Directory.CreateSymbolicLink(loop, "../..");

        var data = await ImportAsync(_temp.Path);

        // .NET's own recursive listing follows such a link until the path is too long: thousands of copies of a/.
        Assert.Equal(4, data.Train.Count);
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(loop, skipped.Path);
        Assert.Contains("inside the data or above it", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_linked_into_a_second_class_is_kept_once_and_the_link_is_listed()
    {
        WriteTwoClasses();
        var link = _temp.Combine("b", "also-a.png");
        File.CreateSymbolicLink(link, _temp.Combine("a", "1.png"));

        var data = await ImportAsync(_temp.Path);

        Assert.Equal(4, data.Train.Count);
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(link, skipped.Path);
        Assert.Contains($"the same file as '{_temp.Combine("a", "1.png")}'", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_class_folder_linked_as_a_test_class_does_not_leak_into_the_test_split()
    {
        foreach (var cls in new[] { "a", "b" })
        {
            TestImages.WritePng(_temp.Combine("train", cls, "1.png"), 4, 4, new SKColor(60, 0, 0));
            TestImages.WritePng(_temp.Combine("train", cls, "2.png"), 4, 4, new SKColor(0, 0, 90));
        }
        TestImages.WritePng(_temp.Combine("test", "b", "1.png"), 4, 4, new SKColor(0, 90, 0));
        var leak = _temp.Combine("test", "a");
        Directory.CreateSymbolicLink(leak, _temp.Combine("train", "a"));

        var data = await ImportAsync(_temp.Path);

        Assert.Equal(4, data.Train.Count);
        Assert.Equal(1, data.Test!.Count);
        Assert.Contains(data.Skipped, s => s.Path == leak && s.Reason.Contains("inside the data or above it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_links_into_one_outside_folder_and_its_subfolder_do_not_put_the_same_images_in_two_splits()
    {
        // train/cat -> outside/photos and test/cat -> outside/photos/2023: the second lies inside the first.
        var data = _temp.Combine("data");
        TestImages.WritePng(_temp.Combine("outside", "photos", "1.png"), 4, 4, new SKColor(60, 0, 0));
        TestImages.WritePng(_temp.Combine("outside", "photos", "2.png"), 4, 4, new SKColor(65, 0, 0));
        TestImages.WritePng(_temp.Combine("outside", "photos", "2023", "3.png"), 4, 4, new SKColor(70, 0, 0));
        TestImages.WritePng(_temp.Combine("outside", "photos", "2023", "4.png"), 4, 4, new SKColor(75, 0, 0));
        TestImages.WritePng(Path.Combine(data, "train", "dog", "1.png"), 4, 4, new SKColor(0, 0, 90));
        TestImages.WritePng(Path.Combine(data, "train", "dog", "2.png"), 4, 4, new SKColor(0, 0, 80));
        TestImages.WritePng(Path.Combine(data, "test", "dog", "3.png"), 4, 4, new SKColor(0, 0, 70));
        Directory.CreateSymbolicLink(Path.Combine(data, "train", "cat"), _temp.Combine("outside", "photos"));
        var nested = Path.Combine(data, "test", "cat");
        Directory.CreateSymbolicLink(nested, _temp.Combine("outside", "photos", "2023"));

        var imported = await ImportAsync(data);

        // The subfolder's two images are read once, through whichever link comes first (test/ sorts before train/).
        var train = imported.Train.Sources!.Select(Path.GetFileName).ToList();
        var test = imported.Test!.Sources!.Select(Path.GetFileName).ToList();
        Assert.Empty(train.Intersect(test));
        Assert.Equal(7, train.Count + test.Count);
        Assert.Contains(imported.Skipped, s => s.Path.EndsWith("2023", StringComparison.Ordinal) && s.Reason.Contains("already listed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_named_pipe_called_x_png_is_skipped_without_being_opened()
    {
        WriteTwoClasses();
        var pipe = _temp.Combine("a", "x.png");
        MakeFifo(pipe);

        // Opening a pipe for reading waits for a writer that never comes.
        var data = await ImportAsync(_temp.Path);

        Assert.Equal(4, data.Train.Count);
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(pipe, skipped.Path);
        Assert.Contains("not a regular file", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_to_a_device_that_never_ends_is_skipped_without_being_read()
    {
        WriteTwoClasses();
        var device = _temp.Combine("b", "zero.png");
        File.CreateSymbolicLink(device, "/dev/zero");

        var data = await ImportAsync(_temp.Path);

        Assert.Equal(4, data.Train.Count);
        Assert.Contains("not a regular file", Assert.Single(data.Skipped).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("pixels")]
    public void A_file_that_fails_in_a_way_no_decoder_expects_is_skipped_with_the_failure_and_the_rest_imported(string stage)
    {
        WriteTwoClasses();
        TestImages.WritePng(_temp.Combine("a", "3.png"), 4, 4, new SKColor(60, 0, 0));
        var odd = _temp.Combine("a", "2.png");
        var listing = ImageFolderScanner.Scan(_temp.Path, CancellationToken.None);
        Func<string, ImageHeader>? readHeader = stage == "header"
            ? path => path == odd ? throw new ArgumentException("a codec's own failure") : ImageDecoder.ReadHeader(path)
            : null;
        Func<string, byte[]>? readFile = stage == "pixels"
            ? path => path == odd ? throw new InvalidOperationException("a codec's own failure") : ImageDecoder.ReadFile(path)
            : null;

        var data = ImageFileImporter.Import(listing, new ImportOptions(), null, CancellationToken.None, readHeader, readFile);

        Assert.Equal(4, data.Train.Count);
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(odd, skipped.Path);
        Assert.Contains(stage == "header" ? "ArgumentException: a codec's own failure" : "InvalidOperationException: a codec's own failure", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idx_file_that_is_a_named_pipe_is_refused_with_one_line_naming_it()
    {
        var pipe = _temp.Combine("train-images-idx3-ubyte");
        MakeFifo(pipe);
        MakeFifo(_temp.Combine("train-labels-idx1-ubyte"));

        var error = await Assert.ThrowsAsync<AutoDLException>(() => ImportAsync(pipe));

        Assert.Contains(_temp.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_holding_every_oddity_at_once_imports_its_good_images_and_lists_each_oddity_once_with_its_reason()
    {
        WriteTwoClasses();
        var png = File.ReadAllBytes(_temp.Combine("a", "1.png"));
        var oddities = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Odd("a", "sub", "loop")] = "inside the data or above it",
            [Odd("b", "also-a.png")] = "the same file as",
            [Odd("a", "pipe.png")] = "not a regular file",
            [Odd("b", "zero.png")] = "not a regular file",
            [Odd("a", "gone.png")] = "cannot be read",
            [Odd("a", "empty.png")] = "0 bytes",
            [Odd("b", "cut.png")] = "truncated",
            [Odd("b", "text.png")] = "not a recognised image",
            [Odd("a", "bomb.png")] = "megapixel limit",
            [Odd("b", "notes.txt")] = "not an image",
            [Odd("a", Path.Combine([.. Enumerable.Repeat("d", FolderWalker.MaxDepth + 1)]))] = $"deeper than {FolderWalker.MaxDepth} levels",
        };
        Directory.CreateDirectory(_temp.Combine("a", "sub"));
        Directory.CreateSymbolicLink(Odd("a", "sub", "loop"), "../..");
        File.CreateSymbolicLink(Odd("b", "also-a.png"), _temp.Combine("a", "1.png"));
        MakeFifo(Odd("a", "pipe.png"));
        File.CreateSymbolicLink(Odd("b", "zero.png"), "/dev/zero");
        File.CreateSymbolicLink(Odd("a", "gone.png"), _temp.Combine("nowhere.png"));
        File.WriteAllBytes(Odd("a", "empty.png"), []);
        File.WriteAllBytes(Odd("b", "cut.png"), png[..(png.Length / 2)]);
        File.WriteAllText(Odd("b", "text.png"), "not a picture");
        File.WriteAllBytes(Odd("a", "bomb.png"), TestImages.PngHeaderClaiming(100_000, 100_000));
        File.WriteAllText(Odd("b", "notes.txt"), "notes");
        var deep = _temp.Combine("a", Path.Combine([.. Enumerable.Repeat("d", FolderWalker.MaxDepth + 1)]));
        Directory.CreateDirectory(deep);
        File.WriteAllBytes(Path.Combine(deep, "deep.png"), png);
        File.WriteAllText(_temp.Combine("a", ".hidden.png"), "tool litter, left out silently");

        var data = await ImportAsync(_temp.Path);

        Assert.Equal(4, data.Train.Count);
        Assert.Equal(oddities.Keys.Order(StringComparer.Ordinal), data.Skipped.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.All(data.Skipped, s => Assert.Contains(oddities[s.Path], s.Reason, StringComparison.Ordinal));
    }

    private string Odd(params string[] parts) => _temp.Combine(parts);

    private static Task<ImportedData> ImportAsync(string path) => Task.Run(() => DataImporter.Import(path)).WaitAsync(s_patience);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path } })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private void WriteTwoClasses()
    {
        TestImages.WritePng(_temp.Combine("a", "1.png"), 4, 4, new SKColor(60, 0, 0));
        TestImages.WritePng(_temp.Combine("a", "2.png"), 4, 4, new SKColor(60, 0, 0));
        TestImages.WritePng(_temp.Combine("b", "1.png"), 4, 4, new SKColor(0, 0, 90));
        TestImages.WritePng(_temp.Combine("b", "2.png"), 4, 4, new SKColor(0, 0, 90));
    }
}
