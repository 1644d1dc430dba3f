using System.Diagnostics;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

public sealed class DatasetCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Second_import_comes_from_the_cache_identical_and_faster()
    {
        // Given 400 photos-sized images (decoding and resizing them is the work the cache saves)
        var data = _temp.Combine("data");
        for (int i = 0; i < 400; i++)
        {
            var colour = i % 2 == 0 ? new SKColor((byte)i, 0, 0) : new SKColor(0, 0, (byte)i);
            TestImages.Write(System.IO.Path.Combine(data, i % 2 == 0 ? "r" : "b", $"{i:D4}.png"), TestImages.Encode(120, 90, (x, y) => x > y ? colour : SKColors.White));
        }
        TestImages.Write(System.IO.Path.Combine(data, "r", "junk.png"), [1, 2, 3]);
        var options = new ImportOptions { CacheDirectory = _temp.Combine("cache"), MaxSide = 32 };

        // When it is imported twice
        var first = Stopwatch.StartNew();
        var decoded = DataImporter.Import(data, options);
        first.Stop();
        var second = Stopwatch.StartNew();
        var cached = DataImporter.Import(data, options);
        second.Stop();

        // Then the second import is the same data, read from one cache file, in less time
        Assert.Single(Directory.GetFiles(_temp.Combine("cache")));
        AssertSame(decoded, cached);
        Assert.True(second.Elapsed < first.Elapsed, $"cached {second.Elapsed} should beat decoding {first.Elapsed}");
    }

    [Fact]
    public void Changed_file_or_options_miss_the_cache()
    {
        var data = WriteSmallSet();
        var options = new ImportOptions { CacheDirectory = _temp.Combine("cache") };
        DataImporter.Import(data, options);

        DataImporter.Import(data, options with { MaxSide = 2 });
        TestImages.WritePng(System.IO.Path.Combine(data, "a", "3.png"), 4, 4, SKColors.Red);
        var grown = DataImporter.Import(data, options);

        Assert.Equal(3, Directory.GetFiles(_temp.Combine("cache")).Length);
        Assert.Equal(5, grown.Train.Count);
    }

    [Fact]
    public void Corrupt_cache_file_is_ignored_and_rebuilt()
    {
        var data = WriteSmallSet();
        var options = new ImportOptions { CacheDirectory = _temp.Combine("cache") };
        var original = DataImporter.Import(data, options);
        var file = Assert.Single(Directory.GetFiles(_temp.Combine("cache")));
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        Assert.Null(DatasetCache.TryLoad(file));
        var rebuilt = DataImporter.Import(data, options);

        AssertSame(original, rebuilt);
        Assert.NotNull(DatasetCache.TryLoad(file));
    }

    private string WriteSmallSet()
    {
        var data = _temp.Combine("data");
        TestImages.WritePng(System.IO.Path.Combine(data, "a", "1.png"), 4, 4, SKColors.Red);
        TestImages.WritePng(System.IO.Path.Combine(data, "a", "2.png"), 4, 4, SKColors.Red);
        TestImages.WritePng(System.IO.Path.Combine(data, "b", "1.png"), 4, 4, SKColors.Blue);
        TestImages.WritePng(System.IO.Path.Combine(data, "b", "2.png"), 4, 4, SKColors.Blue);
        return data;
    }

    private static void AssertSame(ImportedData expected, ImportedData actual)
    {
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.Skipped, actual.Skipped);
        Assert.Equal(expected.Train.Labels, actual.Train.Labels);
        Assert.Equal(expected.Train.Sources, actual.Train.Sources);
        Assert.True(expected.Train.Pixels.SequenceEqual(actual.Train.Pixels));
        Assert.Equal(expected.Test is null, actual.Test is null);
        Assert.Equal(expected.Validation is null, actual.Validation is null);
    }
}
