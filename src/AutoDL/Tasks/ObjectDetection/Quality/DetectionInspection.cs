using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tasks.ObjectDetection.Quality;

/// <summary>Inspects detection data for <c>autodl inspect</c>: counts by split, class and size, what was skipped, and duplicates.</summary>
public static class DetectionInspection
{
    /// <summary>
    /// The side images are decoded to for the duplicate search: enough for the perceptual hash (9×8) and a pixel
    /// correlation that tells a copy from a look-alike, small enough to decode a large set quickly.
    /// </summary>
    private const int DuplicateSearchSide = 64;

    private const double SmallArea = 32 * 32;
    private const double LargeArea = 96 * 96;

    /// <summary>Imports the detection data at <paramref name="path"/> and reports on it.</summary>
    /// <exception cref="AutoDLException">It is not detection data this version reads, or nothing in it is usable.</exception>
    public static DetectionDataReport Inspect(string path, CancellationToken ct = default)
    {
        var listing = DetectionImporter.Import(path, ct);
        var skipped = listing.Skipped.ToList();
        var shape = new ImageShape(3, DuplicateSearchSide, DuplicateSearchSide);
        var splits = new List<(DataSplit Split, DetectionSet Data)>();
        var counts = new Dictionary<string, SplitCounts>(StringComparer.Ordinal);
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test })
        {
            var images = listing.In(split).ToList();
            if (images.Count == 0)
            {
                continue;
            }
            counts[Name(split)] = Count(images, listing.ClassNames.Count);
            splits.Add((split, DetectionSetBuilder.Build(images, shape, skipped, ct)));
        }
        var duplicates = DuplicateFinder.Find(splits, label: null, DuplicateFinder.DefaultMaxDistance, DuplicateFinder.DefaultMinSimilarity, ct);
        return new DetectionDataReport(listing.Format, listing.Source, listing.ClassNames, counts, skipped, duplicates);
    }

    private static SplitCounts Count(IReadOnlyList<LabelledImage> images, int classes)
    {
        var perClass = new int[classes];
        int small = 0, medium = 0, large = 0;
        foreach (var annotation in images.SelectMany(image => image.Objects))
        {
            perClass[annotation.Label]++;
            double area = annotation.SizeArea;
            if (area < SmallArea)
            {
                small++;
            }
            else if (area > LargeArea)
            {
                large++;
            }
            else
            {
                medium++;
            }
        }
        return new SplitCounts(images.Count, images.Count(image => image.Objects.Count == 0), perClass.Sum(), perClass, small, medium, large);
    }

    private static string Name(DataSplit split) => split switch
    {
        DataSplit.Train => "train",
        DataSplit.Validation => "validation",
        _ => "test",
    };
}
