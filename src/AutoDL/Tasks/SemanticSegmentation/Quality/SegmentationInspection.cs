using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.SemanticSegmentation.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Quality;

/// <summary>Inspects segmentation data for <c>autodl inspect</c>: pixel share per class and split, one-class masks, what was skipped, and duplicates.</summary>
public static class SegmentationInspection
{
    /// <summary>The side images are decoded to for the duplicate search (as for detection data).</summary>
    private const int DuplicateSearchSide = 64;

    /// <summary>Imports the segmentation data at <paramref name="path"/> and reports on it.</summary>
    /// <exception cref="AutoDLException">It is not segmentation data this version reads, or nothing in it is usable.</exception>
    public static SegmentationDataReport Inspect(string path, CancellationToken ct = default)
    {
        var listing = SegmentationImporter.Import(path, ct);
        var skipped = listing.Skipped.ToList();
        var shape = new ImageShape(SegmentedImage.Channels, DuplicateSearchSide, DuplicateSearchSide);
        var splits = new List<(DataSplit Split, ImageSet Data)>();
        var counts = new Dictionary<string, SegmentationSplitCounts>(StringComparer.Ordinal);
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test })
        {
            var images = listing.In(split).ToList();
            if (images.Count == 0)
            {
                continue;
            }
            counts[Name(split)] = Count(images, listing.ClassNames.Count);
            splits.Add((split, Thumbnails(images, shape, skipped, ct)));
        }
        var duplicates = DuplicateFinder.Find(splits, label: null, DuplicateFinder.DefaultMaxDistance, DuplicateFinder.DefaultMinSimilarity, ct);
        return new SegmentationDataReport(listing.Format, listing.Source, listing.ClassNames, counts, skipped, duplicates);
    }

    private static SegmentationSplitCounts Count(IReadOnlyList<MaskedImage> images, int classes)
    {
        var pixels = new long[classes];
        foreach (var image in images)
        {
            for (int c = 0; c < classes; c++)
            {
                pixels[c] += image.ClassPixels[c];
            }
        }
        long total = pixels.Sum();
        int singleClass = images.Count(image => image.ClassPixels.Count(n => n > 0) == 1);
        return new SegmentationSplitCounts(images.Count, [.. pixels.Select(n => total == 0 ? 0 : (double)n / total)], singleClass);
    }

    /// <summary>The images decoded small for the duplicate search; one that cannot be decoded now is added to <paramref name="skipped"/>.</summary>
    private static ImageSet Thumbnails(IReadOnlyList<MaskedImage> images, ImageShape shape, List<SkippedFile> skipped, CancellationToken ct)
    {
        var decoded = new byte[images.Count][];
        var failures = new SkippedFile?[images.Count];
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, images.Count, parallel, i =>
        {
            try
            {
                decoded[i] = ImageDecoder.Decode(ImageDecoder.ReadFile(images[i].ImagePath), shape);
            }
            catch (Exception e) when (e is ImageDecodeException or AutoDLException)
            {
                failures[i] = new SkippedFile(images[i].ImagePath, e.Message);
            }
        });
        skipped.AddRange(failures.OfType<SkippedFile>());
        var kept = Enumerable.Range(0, images.Count).Where(i => failures[i] is null).ToList();
        return new ImageSet([.. kept.SelectMany(i => decoded[i])], kept.Count, shape, [.. kept.Select(i => images[i].ImagePath)]);
    }

    private static string Name(DataSplit split) => split switch
    {
        DataSplit.Train => "train",
        DataSplit.Validation => "validation",
        _ => "test",
    };
}
