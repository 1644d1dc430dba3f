using System.Buffers.Binary;
using System.IO.Compression;
using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// Reads IDX files (big-endian header: two zero bytes, a type byte that must be 0x08 for unsigned bytes,
/// the number of dimensions, then one int32 per dimension, then the data). Labels are numbers; the class
/// index is the label's rank among the labels present (so 0-9 stay 0-9), named by <c>classes.txt</c> when present.
/// </summary>
internal static class IdxImporter
{
    public static ImportedData Import(IdxSource source, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new ImportProgress("decoding", 0, source.TestImages is null ? 1 : 2));
        var train = ReadPair(source.TrainImages, source.TrainLabels);
        ct.ThrowIfCancellationRequested();
        IdxPair? test = source.TestImages is null ? null : ReadPair(source.TestImages, source.TestLabels!);
        if (test is not null && (test.Value.Rows, test.Value.Columns) != (train.Rows, train.Columns))
        {
            throw new AutoDLException($"IDX test images '{source.TestImages}' are {test.Value.Rows}x{test.Value.Columns} but the train images '{source.TrainImages}' are {train.Rows}x{train.Columns}. Use files from the same dataset.");
        }
        ct.ThrowIfCancellationRequested();

        var fileNames = source.ClassesFile is null ? null : ReadClassesFile(source.ClassesFile);
        string NameOf(byte label, string file)
        {
            if (fileNames is null)
            {
                return label.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return label < fileNames.Count
                ? fileNames[label]
                : throw new AutoDLException($"Label {label} in '{file}' has no name in '{source.ClassesFile}', which lists {fileNames.Count} classes. Add a line for every label (line n names label n-1).");
        }

        var present = train.Labels.Concat(test?.Labels ?? []).Distinct().Order().ToArray();
        ClassList classes = options.ClassNames is not null
            ? ClassList.Create([], options.ClassNames)
            : ClassList.InOrder(fileNames ?? present.Select(l => NameOf(l, source.Source)).ToList());

        var shape = options.TargetShape ?? ResizePolicy.Choose([(train.Columns, train.Rows)], options.MaxSide, 1);
        var trainSet = ToDataset(train, source.TrainImages, shape, classes, NameOf, ct);
        var testSet = test is null ? null : ToDataset(test.Value, source.TestImages!, shape, classes, NameOf, ct);
        DatasetChecks.EnsureTrainable(trainSet, classes, source.Source, label => $"'{source.TrainLabels}'");
        progress?.Report(new ImportProgress("done", trainSet.Count + (testSet?.Count ?? 0), trainSet.Count + (testSet?.Count ?? 0)));
        return new ImportedData(trainSet, null, testSet, [], IdxSource.Format, source.Source);
    }

    private static ImageDataset ToDataset(IdxPair pair, string imagesFile, ImageShape shape, ClassList classes, Func<byte, string, string> nameOf, CancellationToken ct)
    {
        int count = pair.Labels.Length;
        var byLabel = new Dictionary<byte, int>();
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            byte raw = pair.Labels[i];
            if (!byLabel.TryGetValue(raw, out int index))
            {
                index = classes.IndexOf(nameOf(raw, pair.LabelsFile), pair.LabelsFile);
                byLabel[raw] = index;
            }
            labels[i] = index;
        }
        int plane = pair.Rows * pair.Columns;
        byte[] pixels;
        if (shape == new ImageShape(1, pair.Rows, pair.Columns))
        {
            pixels = pair.Pixels;
        }
        else
        {
            pixels = new byte[(long)count * shape.PixelCount];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i =>
                ImageDecoder.ResizeGray(pair.Pixels.AsSpan(i * plane, plane), pair.Columns, pair.Rows, shape, pixels.AsSpan(i * shape.PixelCount, shape.PixelCount)));
        }
        var sources = new string[count];
        for (int i = 0; i < count; i++)
        {
            sources[i] = $"{imagesFile}#{i}";
        }
        return new ImageDataset(pixels, labels, classes.Names, shape, sources);
    }

    private static IdxPair ReadPair(string imagesFile, string labelsFile)
    {
        var (imageDims, pixels) = ReadIdx(imagesFile, 3);
        var (labelDims, labels) = ReadIdx(labelsFile, 1);
        if (imageDims[0] != labelDims[0])
        {
            throw new AutoDLException($"IDX images '{imagesFile}' hold {imageDims[0]} images but labels '{labelsFile}' hold {labelDims[0]} labels. Use the labels file that belongs to these images.");
        }
        return new IdxPair(pixels, labels, imageDims[1], imageDims[2], labelsFile);
    }

    /// <summary>
    /// The most data bytes an IDX file may declare: one .NET array. Fashion-MNIST's training images are 47 MB; a gzip
    /// file of a few kilobytes can inflate to gigabytes, so a compressed file is read no further than its header says.
    /// </summary>
    internal const long MaxDataBytes = int.MaxValue - 64;

    private static (int[] Dims, byte[] Data) ReadIdx(string file, int expectedDims)
    {
        if (RegularFile.Problem(file) is { } problem)
        {
            throw new AutoDLException($"Cannot read IDX file '{file}': {problem}. Point at the IDX files themselves.");
        }
        try
        {
            using var raw = File.OpenRead(file);
            Span<byte> magic = stackalloc byte[2];
            bool gzipped = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            raw.Position = 0;
            using var stream = gzipped ? new GZipStream(raw, CompressionMode.Decompress) : (Stream)raw;
            return ReadIdx(stream, file, expectedDims);
        }
        catch (InvalidDataException e)
        {
            throw new AutoDLException($"IDX file '{file}' is not valid gzip ({e.Message}). Download it again.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot read IDX file '{file}': {e.Message}", e);
        }
    }

    /// <summary>Reads the header, then exactly the data it declares, and refuses a file that holds less or more.</summary>
    private static (int[] Dims, byte[] Data) ReadIdx(Stream stream, string file, int expectedDims)
    {
        string kind = expectedDims == 3 ? "images (idx3)" : "labels (idx1)";
        var header = new byte[4 + (4 * expectedDims)];
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || header[0] != 0 || header[1] != 0 || header[2] != 0x08 || header[3] != expectedDims)
        {
            string magic = read >= 4 ? Convert.ToHexString(header, 0, 4) : "none";
            throw new AutoDLException($"'{file}' is not an IDX {kind} file of unsigned bytes: its magic number is {magic}, expected 0000080{expectedDims}. Check that images and labels files are not swapped or damaged.");
        }
        var dims = new int[expectedDims];
        long size = 1;
        for (int d = 0; d < expectedDims; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + (4 * d)));
            if (dims[d] <= 0)
            {
                throw new AutoDLException($"IDX file '{file}' declares dimension {d} as {dims[d]}. The file is damaged; download it again.");
            }
            size *= dims[d];
            if (size > MaxDataBytes)
            {
                throw new AutoDLException($"IDX file '{file}' declares {string.Join("x", dims[..(d + 1)])} or more bytes of data, over the {MaxDataBytes:N0} one file may hold. The file is damaged, or split it into smaller files.");
            }
        }
        var data = new byte[size];
        int got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < size || stream.ReadByte() != -1)
        {
            string holds = got < size ? got.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "more";
            throw new AutoDLException($"IDX file '{file}' declares {string.Join("x", dims)} = {size} bytes of data but holds {holds}. The file is truncated or damaged; download it again.");
        }
        return (dims, data);
    }

    private static List<string> ReadClassesFile(string path)
    {
        var names = File.ReadAllLines(path).Select(l => l.Trim()).ToList();
        while (names.Count > 0 && names[^1].Length == 0)
        {
            names.RemoveAt(names.Count - 1);
        }
        if (names.Any(n => n.Length == 0) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new AutoDLException($"'{path}' must name each class once, one per line, with no blank lines in between.");
        }
        return names;
    }
}
