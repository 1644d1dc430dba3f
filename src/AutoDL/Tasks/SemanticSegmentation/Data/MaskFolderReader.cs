using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>
/// The plain layout: <c>images/</c> and <c>masks/</c> side by side, an image and its mask matched by their path
/// without extension (<c>images/a/001.jpg</c> with <c>masks/a/001.png</c>), optionally inside <c>train/</c>,
/// <c>val/</c> and <c>test/</c>, with the class names in <c>classes.txt</c> beside them.
/// </summary>
internal static class MaskFolderReader
{
    public const string Format = "masks";

    private static readonly (string Folder, DataSplit Split)[] s_splitFolders =
        [("train", DataSplit.Train), ("val", DataSplit.Validation), ("valid", DataSplit.Validation), ("test", DataSplit.Test)];

    public static bool Recognises(string path) => HasPair(path) || s_splitFolders.Any(s => HasPair(Path.Combine(path, s.Folder)));

    public static LayoutListing Read(string path, CancellationToken ct)
    {
        var root = Path.GetFullPath(path);
        var pairs = new List<MaskPair>();
        var skipped = new List<SkippedFile>();
        if (HasPair(root))
        {
            PairFolder(root, DataSplit.Train, pairs, skipped, ct);
        }
        foreach (var (folder, split) in s_splitFolders.Where(s => HasPair(Path.Combine(root, s.Folder))))
        {
            PairFolder(Path.Combine(root, folder), split, pairs, skipped, ct);
        }
        return new LayoutListing(Format, ClassNamesFile.Read(root), pairs, skipped);
    }

    private static bool HasPair(string folder) => Directory.Exists(Path.Combine(folder, "images")) && Directory.Exists(Path.Combine(folder, "masks"));

    private static void PairFolder(string folder, DataSplit split, List<MaskPair> pairs, List<SkippedFile> skipped, CancellationToken ct)
    {
        var images = Path.Combine(folder, "images");
        var masks = Path.Combine(folder, "masks");
        var maskByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mask in Directory.EnumerateFiles(masks, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!Path.GetExtension(mask).Equals(".png", StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add(new SkippedFile(mask, "not a PNG: masks are PNG files whose pixel values are class indices"));
                continue;
            }
            maskByName[Name(masks, mask)] = mask;
        }
        var paired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories).Where(ImageDecoder.HasImageExtension).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var name = Name(images, image);
            if (!maskByName.TryGetValue(name, out var mask))
            {
                skipped.Add(new SkippedFile(image, $"no mask: masks/ has no {name}.png"));
            }
            else if (!paired.Add(name))
            {
                skipped.Add(new SkippedFile(image, $"another image is also named {name}, and masks/{name}.png is paired with the first"));
            }
            else
            {
                pairs.Add(new MaskPair(image, mask, split));
            }
        }
        skipped.AddRange(maskByName.Where(m => !paired.Contains(m.Key)).Select(m => new SkippedFile(m.Value, $"no image: images/ has no {m.Key} with an image extension")));
    }

    /// <summary>The file's path under <paramref name="folder"/> without its extension, '/'-separated: what pairs an image with its mask.</summary>
    private static string Name(string folder, string file)
    {
        var relative = Path.GetRelativePath(folder, file);
        return Path.ChangeExtension(relative, null).Replace(Path.DirectorySeparatorChar, '/');
    }
}
