namespace AutoDL.Data;

/// <summary>
/// What Pascal VOC's detection and segmentation layouts share: images in <c>JPEGImages/</c>, and the split of each
/// image stem in <c>ImageSets/&lt;task&gt;/{train,trainval,val,test}.txt</c> (<c>trainval.txt</c> counts as training).
/// </summary>
internal static class VocFolder
{
    /// <summary>
    /// The split of each image stem from the lists in <paramref name="listFolder"/> (ImageSets/Main, ImageSets/Segmentation),
    /// or null when it has no split files.
    /// </summary>
    /// <exception cref="AutoDLException">A split list exists but cannot be read.</exception>
    public static Dictionary<string, DataSplit>? Splits(string listFolder)
    {
        (string File, DataSplit Split)[] lists = [("train.txt", DataSplit.Train), ("trainval.txt", DataSplit.Train), ("val.txt", DataSplit.Validation), ("test.txt", DataSplit.Test)];
        var present = lists.Where(l => File.Exists(Path.Combine(listFolder, l.File))).ToList();
        // trainval.txt alongside train.txt and val.txt repeats them; the finer lists decide.
        if (present.Any(l => l.File == "train.txt") && present.Any(l => l.File == "val.txt"))
        {
            present.RemoveAll(l => l.File == "trainval.txt");
        }
        if (present.Count == 0)
        {
            return null;
        }
        var splits = new Dictionary<string, DataSplit>(StringComparer.Ordinal);
        foreach (var (file, split) in present)
        {
            var list = Path.Combine(listFolder, file);
            if (RegularFile.Problem(list) is { } problem && new FileInfo(list).Length != 0)
            {
                throw new AutoDLException($"Cannot read the split list '{list}': {problem}.");
            }
            if (new FileInfo(list).Length == 0)
            {
                // Empty, or a pipe or device, which is never opened.
                continue;
            }
            foreach (var line in File.ReadLines(list))
            {
                // Per-class lists ("cat_train.txt") add a flag after the stem; the main lists hold the stem alone.
                var stem = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (stem is not null)
                {
                    splits.TryAdd(stem, split);
                }
            }
        }
        return splits;
    }

    /// <summary>The image of <paramref name="stem"/> in <c>JPEGImages/</c>: the file named <paramref name="fileName"/> when given and present, else the stem with any image extension.</summary>
    public static string? LocateImage(string root, string? fileName, string stem)
    {
        var folder = Path.Combine(root, "JPEGImages");
        if (!string.IsNullOrWhiteSpace(fileName) && Path.GetFileName(fileName) == fileName && File.Exists(Path.Combine(folder, fileName)))
        {
            return Path.Combine(folder, fileName);
        }
        return ImageDecoder.Extensions.Select(extension => Path.Combine(folder, stem + extension)).FirstOrDefault(File.Exists);
    }
}
