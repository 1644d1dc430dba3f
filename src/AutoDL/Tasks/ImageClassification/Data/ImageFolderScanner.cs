using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// Lists an image folder: <c>root/&lt;class&gt;/*.png</c>, or <c>root/train/&lt;class&gt;/...</c> with optional
/// <c>test</c> and <c>val</c>/<c>validation</c> siblings. Split and class folders are matched ignoring case.
/// </summary>
internal static class ImageFolderScanner
{
    public const string Format = "image-folder";

    public static SourceListing Scan(string root, CancellationToken ct)
    {
        var entries = new DirectoryInfo(root).EnumerateFileSystemInfos().ToArray();
        if (entries.Length == 0)
        {
            throw new AutoDLException($"Folder '{root}' is empty. Put one subfolder per class with its images inside, e.g. '{Path.Combine(root, "cat", "1.png")}'.");
        }
        var files = new List<LabelledFile>();
        var skipped = new List<SkippedFile>();
        var inputs = new List<string>();
        // One walker for every split and class: a file linked into two of them would leak between them.
        var walker = new FolderWalker(root, skipped, ct);
        var splitRoots = FindSplitRoots(root);
        string trainRoot = root;
        if (splitRoots is null)
        {
            ScanSplit(root, DataSplit.Train, walker, files, skipped, inputs, ct);
        }
        else
        {
            trainRoot = splitRoots[DataSplit.Train];
            foreach (var (split, folder) in splitRoots)
            {
                ScanSplit(folder, split, walker, files, skipped, inputs, ct);
            }
            foreach (var other in entries)
            {
                if (!splitRoots.Values.Contains(other.FullName) && !IsHidden(other))
                {
                    skipped.Add(new SkippedFile(other.FullName, "not a split folder (expected train, test, val or validation)"));
                    inputs.Add(other.FullName);
                }
            }
        }
        if (files.Count == 0)
        {
            throw new AutoDLException(HasClassFolders(trainRoot)
                ? $"No images found under '{root}' (looked for {string.Join(", ", ImageDecoder.Extensions)} in the class folders). Put the images in one subfolder per class."
                : $"Folder '{trainRoot}' has no class subfolders with images. Put each class's images in its own subfolder, e.g. '{Path.Combine(trainRoot, "cat", "1.png")}'.");
        }
        return new SourceListing(Format, root, files, skipped, inputs, label => $"folder '{Path.Combine(trainRoot, label)}'");
    }

    /// <summary>The split folders when <c>root/train</c> exists; otherwise null (the root holds classes).</summary>
    private static Dictionary<DataSplit, string>? FindSplitRoots(string root)
    {
        var splits = new Dictionary<DataSplit, string>();
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            DataSplit? split = Path.GetFileName(dir).ToLowerInvariant() switch
            {
                "train" => DataSplit.Train,
                "test" => DataSplit.Test,
                "val" or "validation" => DataSplit.Validation,
                _ => null,
            };
            if (split is { } s && !splits.ContainsKey(s))
            {
                splits[s] = Path.GetFullPath(dir);
            }
        }
        return splits.ContainsKey(DataSplit.Train) ? splits : null;
    }

    private static void ScanSplit(string splitRoot, DataSplit split, FolderWalker walker, List<LabelledFile> files, List<SkippedFile> skipped, List<string> inputs, CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(splitRoot).Order(StringComparer.Ordinal))
        {
            // Beside the class folders, only a stray image is worth reporting; a LICENSE or README is expected there.
            if (!IsHidden(new FileInfo(file)) && ImageDecoder.HasImageExtension(file))
            {
                skipped.Add(new SkippedFile(file, "not inside a class folder"));
                inputs.Add(file);
            }
        }
        foreach (var classDir in Directory.EnumerateDirectories(splitRoot).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            if (IsHidden(new DirectoryInfo(classDir)))
            {
                continue;
            }
            string label = Path.GetFileName(classDir);
            foreach (var file in walker.Walk(classDir))
            {
                inputs.Add(file);
                if (ImageDecoder.HasImageExtension(file))
                {
                    files.Add(new LabelledFile(file, label, split));
                }
                else
                {
                    skipped.Add(new SkippedFile(file, $"not an image (extension '{Path.GetExtension(file)}'; expected {string.Join(", ", ImageDecoder.Extensions)})"));
                }
            }
        }
    }

    private static bool HasClassFolders(string root) =>
        Directory.EnumerateDirectories(root).Any(d => !IsHidden(new DirectoryInfo(d)));

    // Dot-folders (.git, .ipynb_checkpoints) and dot-files (.DS_Store) are tool litter, never classes or images.
    private static bool IsHidden(FileSystemInfo info) => info.Name.StartsWith('.');
}
