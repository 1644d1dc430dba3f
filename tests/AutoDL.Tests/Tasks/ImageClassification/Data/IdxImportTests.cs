using System.Buffers.Binary;
using System.IO.Compression;
using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.Data;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

public sealed class IdxImportTests : IDisposable
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_reads_the_real_Fashion_MNIST_files()
    {
        var data = DataImporter.Import(FashionMnist);

        Assert.Equal("idx", data.Format);
        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test!.Count);
        Assert.Equal(new ImageShape(1, 28, 28), data.Shape);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), data.ClassNames);
        Assert.All(data.Train.ClassCounts(), c => Assert.Equal(6_000, c));
        Assert.All(data.Test.ClassCounts(), c => Assert.Equal(1_000, c));
        Assert.Equal(9, data.Train.Labels[0]); // the first training image is an ankle boot
        Assert.EndsWith("train-images-idx3-ubyte.gz#0", data.Train.Sources![0]);
    }

    [Fact]
    public void Import_of_an_images_file_finds_its_labels_and_names_classes_from_classes_txt()
    {
        WriteIdx(_temp.Combine("train-images-idx3-ubyte.gz"), [4, 2, 3], [.. Enumerable.Range(0, 24).Select(i => (byte)i)], gzip: true);
        WriteIdx(_temp.Combine("train-labels-idx1-ubyte"), [4], [0, 1, 1, 0]);
        File.WriteAllLines(_temp.Combine("classes.txt"), ["shoe", "bag", ""]);

        var data = DataImporter.Import(_temp.Combine("train-images-idx3-ubyte.gz"));

        Assert.Equal(new[] { "shoe", "bag" }, data.ClassNames);
        Assert.Equal(new ImageShape(1, 2, 3), data.Shape);
        Assert.Equal(new byte[] { 6, 7, 8, 9, 10, 11 }, data.Train.Image(1).ToArray());
        Assert.Null(data.Test);
    }

    [Fact]
    public void Import_resizes_idx_images_to_a_forced_colour_shape()
    {
        WriteIdx(_temp.Combine("train-images-idx3-ubyte"), [4, 2, 2], [.. Enumerable.Repeat((byte)200, 16)]);
        WriteIdx(_temp.Combine("train-labels-idx1-ubyte"), [4], [0, 1, 1, 0]);

        var data = DataImporter.Import(_temp.Path, new ImportOptions { TargetShape = new ImageShape(3, 4, 4) });

        Assert.Equal(new ImageShape(3, 4, 4), data.Shape);
        Assert.All(data.Train.Pixels.ToArray(), v => Assert.Equal(200, v));
    }

    [Fact]
    public void Bad_magic_number_is_an_error_naming_the_file()
    {
        WriteIdx(_temp.Combine("train-images-idx3-ubyte"), [2, 2, 2], new byte[8]);
        var labels = WriteIdx(_temp.Combine("train-labels-idx1-ubyte"), [2], [0, 1]);
        var bytes = File.ReadAllBytes(labels);
        bytes[3] = 3; // claims three dimensions
        File.WriteAllBytes(labels, bytes);

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains(labels, error.Message);
        Assert.Contains("magic number", error.Message);
    }

    [Fact]
    public void Truncated_idx_data_is_an_error_naming_the_file()
    {
        var images = WriteIdx(_temp.Combine("train-images-idx3-ubyte"), [3, 2, 2], new byte[10]);
        WriteIdx(_temp.Combine("train-labels-idx1-ubyte"), [3], [0, 1, 1]);

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains(images, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_gzip_file_that_inflates_far_past_its_header_is_refused_without_inflating_it()
    {
        // Ten 28×28 images declared, 64 MiB of zeros behind them: a few kilobytes on disk.
        var images = WriteIdx(_temp.Combine("train-images-idx3-ubyte.gz"), [10, 28, 28], new byte[64 << 20], gzip: true);
        WriteIdx(_temp.Combine("train-labels-idx1-ubyte"), [10], new byte[10]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(images, error.Message);
        Assert.Contains("7840 bytes of data but holds more", error.Message);
        Assert.True(allocated < 16 << 20, $"{allocated:N0} bytes allocated to refuse it");
    }

    [Fact]
    public void Missing_labels_file_is_an_error_naming_the_expected_file()
    {
        WriteIdx(_temp.Combine("train-images-idx3-ubyte"), [2, 2, 2], new byte[8]);

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(_temp.Path));

        Assert.Contains("train-labels-idx1-ubyte", error.Message);
    }

    internal static string WriteIdx(string path, int[] dims, byte[] data, bool gzip = false)
    {
        using var stream = new MemoryStream();
        stream.Write([0, 0, 0x08, (byte)dims.Length]);
        foreach (var d in dims)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(b, d);
            stream.Write(b);
        }
        stream.Write(data);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(stream.ToArray());
        }
        else
        {
            File.WriteAllBytes(path, stream.ToArray());
        }
        return path;
    }
}
