using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>
/// Imports a segmentation data set: images with masks in <c>images/</c> and <c>masks/</c>, or Pascal VOC's
/// <c>SegmentationClass/</c>. Each layout's reader pairs images with masks; then one check, the same for both, reads
/// every image's size and every mask's labels and keeps the pairs a model can learn from. A bad pair is skipped and
/// listed, never fatal unless nothing is left.
/// </summary>
public static class SegmentationImporter
{
    /// <summary>The layout of the data at <paramref name="path"/> ("voc" or "masks"), or null when it is neither.</summary>
    public static string? Recognise(string path) =>
        VocSegmentationReader.Recognises(path) ? VocSegmentationReader.Format
        : MaskFolderReader.Recognises(path) ? MaskFolderReader.Format
        : null;

    /// <summary>Imports the segmentation data in the folder <paramref name="path"/>.</summary>
    /// <exception cref="AutoDLException">The layout is neither, its classes.txt is malformed, or nothing usable is left.</exception>
    public static SegmentationListing Import(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var listing = Recognise(path) switch
        {
            VocSegmentationReader.Format => VocSegmentationReader.Read(path, ct),
            MaskFolderReader.Format => MaskFolderReader.Read(path, ct),
            _ => throw new AutoDLException($"'{path}' is not segmentation data this version reads. Give a folder with images/ and masks/ (masks are PNGs of class indices, matched to images by name; optionally inside train/, val/ and test/, with the names in classes.txt), or a Pascal VOC folder (JPEGImages/ and SegmentationClass/)."),
        };
        return Check(listing, path, ct);
    }

    /// <summary>Reads each image's size and each mask's labels, and keeps the pairs whose mask fits its image and the classes.</summary>
    internal static SegmentationListing Check(LayoutListing listing, string source, CancellationToken ct)
    {
        var pairs = listing.Pairs;
        var checkedPairs = new (MaskedImage? Image, long[]? Labels, SkippedFile? Problem)[pairs.Count];
        // Reading waits on the disk as much as the CPU: several files in flight (as the other imports do).
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) };
        Parallel.For(0, pairs.Count, parallel, i => checkedPairs[i] = CheckPair(pairs[i]));

        var skipped = listing.Skipped.Concat(checkedPairs.Select(c => c.Problem).OfType<SkippedFile>()).ToList();
        var read = checkedPairs.Where(c => c.Image is not null).ToList();
        // Without names, the largest label in any mask says how many classes there are.
        var classNames = listing.ClassNames
            ?? [.. Enumerable.Range(0, read.Count == 0 ? 0 : read.Max(c => LargestLabel(c.Labels!)) + 1).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var kept = new List<MaskedImage>(read.Count);
        foreach (var (image, labels, _) in read)
        {
            int largest = LargestLabel(labels!);
            if (largest >= classNames.Count)
            {
                skipped.Add(new SkippedFile(image!.MaskPath, $"holds pixel value {largest}, outside the {classNames.Count} classes (0–{classNames.Count - 1}; 255 marks pixels that are not scored)"));
                continue;
            }
            kept.Add(image! with { ClassPixels = labels![..classNames.Count] });
        }
        if (kept.Count == 0 || classNames.Count == 0)
        {
            throw new AutoDLException($"The {listing.Format} data at '{source}' has no usable image with its mask: {pairs.Count} pair(s) found, {skipped.Count} problem(s)"
                + (skipped.Count > 0 ? $", for example: {skipped[0].Path}: {skipped[0].Reason}" : "") + ".");
        }
        return new SegmentationListing(listing.Format, source, classNames, kept, skipped);
    }

    /// <summary>The pair's image size and the count of each mask label (0–254), or why it cannot be used.</summary>
    private static (MaskedImage? Image, long[]? Labels, SkippedFile? Problem) CheckPair(MaskPair pair)
    {
        ImageHeader header;
        try
        {
            header = ImageDecoder.ReadHeader(pair.ImagePath);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, null, new SkippedFile(pair.ImagePath, e is ImageDecodeException ? e.Message : $"could not be read ({e.GetType().Name}: {e.Message})"));
        }
        ClassMask mask;
        try
        {
            mask = MaskDecoder.Decode(ImageDecoder.ReadFile(pair.MaskPath));
        }
        catch (ImageDecodeException e)
        {
            return (null, null, new SkippedFile(pair.MaskPath, e.Message));
        }
        if (mask.Width != header.Width || mask.Height != header.Height)
        {
            return (null, null, new SkippedFile(pair.MaskPath, $"{mask.Width}x{mask.Height}, but its image '{Path.GetFileName(pair.ImagePath)}' is {header.Width}x{header.Height}: a mask labels its image's pixels one to one"));
        }
        var counts = new long[256];
        foreach (byte label in mask.Labels)
        {
            counts[label]++;
        }
        return (new MaskedImage(pair.ImagePath, pair.MaskPath, pair.Split, header.Width, header.Height, []), counts[..255], null);
    }

    /// <summary>The largest label a mask holds (ignored pixels aside), or -1 when every pixel is ignored.</summary>
    private static int LargestLabel(long[] counts) => Array.FindLastIndex(counts, n => n > 0);
}
