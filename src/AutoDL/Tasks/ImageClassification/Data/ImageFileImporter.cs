using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// Turns a listing of image files into datasets: a header pass picks the shape without decoding pixels,
/// then a parallel pass decodes every file straight into its slot of the split's buffer.
/// </summary>
internal static class ImageFileImporter
{
    /// <summary>
    /// Imports the listed files; one that cannot be read or decoded, for whatever reason, is skipped and listed.
    /// Tests replace <paramref name="readHeader"/> and <paramref name="readFile"/> to fail in ways no real file does.
    /// </summary>
    public static ImportedData Import(SourceListing listing, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken ct,
        Func<string, ImageHeader>? readHeader = null, Func<string, byte[]>? readFile = null)
    {
        readHeader ??= ImageDecoder.ReadHeader;
        readFile ??= ImageDecoder.ReadFile;
        var files = listing.Files;
        var skipped = new SkippedFile?[files.Count];
        var headers = new ImageHeader[files.Count];
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };

        var headerProgress = new ProgressCounter(progress, "reading headers", files.Count);
        // Reading headers waits on the disk, not the CPU: on a cold cache, 30,000 small files took 27 s with
        // one reader per core and far less with several requests in flight.
        var headerParallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(16, Environment.ProcessorCount) };
        Parallel.For(0, files.Count, headerParallel, i =>
        {
            try
            {
                headers[i] = readHeader(files[i].Path);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                skipped[i] = Skip(files[i].Path, e);
            }
            headerProgress.Increment();
        });

        var readable = Enumerable.Range(0, files.Count).Where(i => skipped[i] is null).ToArray();
        if (readable.Length == 0)
        {
            throw DatasetChecks.NothingUsable(listing.Source, files.Count + listing.Skipped.Count, [.. listing.Skipped, .. skipped.OfType<SkippedFile>()]);
        }
        var classes = ClassList.Create(files.Select(f => f.Label), options.ClassNames);
        var labels = new int[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            labels[i] = classes.IndexOf(files[i].Label, files[i].Path);
        }

        bool headersAllGray = readable.All(i => headers[i].IsGray8);
        var shape = options.TargetShape
            ?? ResizePolicy.Choose(readable.Select(i => (headers[i].Width, headers[i].Height)).ToArray(), options.MaxSide, headersAllGray ? 1 : 3);
        // Files whose header does not say "grey" are decoded in colour; if every pixel turns out grey, the
        // dataset is reduced to one channel afterwards (only when the caller did not force the shape).
        var decodeShape = options.TargetShape is null && !headersAllGray ? shape with { Channels = 3 } : shape;

        var decodeProgress = new ProgressCounter(progress, "decoding", readable.Length);
        var splits = new Dictionary<DataSplit, int[]>();
        var buffers = new Dictionary<DataSplit, byte[]>();
        var gray = new bool[files.Count];
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test })
        {
            var members = readable.Where(i => files[i].Split == split).ToArray();
            if (members.Length == 0)
            {
                continue;
            }
            int size = decodeShape.PixelCount;
            var buffer = new byte[(long)members.Length * size];
            Parallel.For(0, members.Length, parallel, k =>
            {
                int i = members[k];
                try
                {
                    var bytes = readFile(files[i].Path);
                    gray[i] = ImageDecoder.DecodeInto(bytes, decodeShape, buffer.AsSpan(k * size, size));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    skipped[i] = Skip(files[i].Path, e);
                }
                decodeProgress.Increment();
            });
            splits[split] = members;
            buffers[split] = buffer;
        }

        var usable = readable.Where(i => skipped[i] is null).ToArray();
        var allSkipped = listing.Skipped.Concat(skipped.OfType<SkippedFile>()).ToArray();
        if (usable.Length == 0)
        {
            throw DatasetChecks.NothingUsable(listing.Source, files.Count + listing.Skipped.Count, allSkipped);
        }
        bool collapse = decodeShape.Channels == 3 && options.TargetShape is null && usable.All(i => gray[i]);
        var finalShape = collapse ? decodeShape with { Channels = 1 } : decodeShape;

        ImageDataset? Build(DataSplit split)
        {
            if (!splits.TryGetValue(split, out var members))
            {
                return null;
            }
            var buffer = buffers[split];
            int inSize = decodeShape.PixelCount;
            int outSize = finalShape.PixelCount;
            var kept = Enumerable.Range(0, members.Length).Where(k => skipped[members[k]] is null).ToArray();
            var pixels = new byte[(long)kept.Length * outSize];
            for (int n = 0; n < kept.Length; n++)
            {
                // Grey images have R == G == B, so the first plane is the image.
                buffer.AsSpan(kept[n] * inSize, outSize).CopyTo(pixels.AsSpan(n * outSize, outSize));
            }
            var ids = kept.Select(k => members[k]).ToArray();
            return new ImageDataset(pixels, ids.Select(i => labels[i]).ToArray(), classes.Names, finalShape, ids.Select(i => files[i].Path).ToArray());
        }

        var train = Build(DataSplit.Train) ?? new ImageDataset([], [], classes.Names, finalShape, []);
        DatasetChecks.EnsureTrainable(train, classes, listing.Source, listing.DescribeClass);
        var result = new ImportedData(train, Build(DataSplit.Validation), Build(DataSplit.Test), allSkipped, listing.Format, listing.Source);
        progress?.Report(new ImportProgress("done", usable.Length, usable.Length));
        return result;
    }

    /// <summary>
    /// The skip for a file that failed: the decoder's own reason, or, for a failure no decoder expected (a codec's
    /// exception, an I/O error mid-read), its type and message, so that one odd file never ends an import of thousands.
    /// </summary>
    private static SkippedFile Skip(string path, Exception e) => new(path, e is ImageDecodeException
        ? e.Message
        : $"could not be read or decoded ({e.GetType().Name}: {e.Message})");
}
