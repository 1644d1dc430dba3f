using System.Text.RegularExpressions;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// The files of an IDX dataset (the MNIST family): image/label pairs for train and optionally test, and an
/// optional <c>classes.txt</c> naming the labels. Accepts the original names (<c>train-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>), common variants (<c>test-</c>, <c>train-images.idx3-ubyte</c>), and .gz.
/// </summary>
internal sealed partial record IdxSource(string Source, string TrainImages, string TrainLabels, string? TestImages, string? TestLabels, string? ClassesFile)
{
    public const string Format = "idx";

    /// <summary>Every file whose change must invalidate a cached import.</summary>
    public IReadOnlyList<string> Inputs =>
        new[] { TrainImages, TrainLabels, TestImages, TestLabels, ClassesFile }.OfType<string>().ToArray();

    public static bool IsImagesFile(string path) => ImagesName().IsMatch(Path.GetFileName(path));

    /// <summary>The IDX files in <paramref name="folder"/>, or null when it holds none.</summary>
    public static IdxSource? FindInFolder(string folder)
    {
        var images = Directory.EnumerateFiles(folder).Where(IsImagesFile).Order(StringComparer.Ordinal).ToArray();
        if (images.Length == 0)
        {
            return null;
        }
        // Uncompressed first: when both exist, reading the plain file is faster than inflating.
        string? Pick(Func<string, bool> isSplit) =>
            images.Where(f => isSplit(Prefix(f))).OrderBy(f => f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)).FirstOrDefault();
        var train = Pick(p => p == "train")
            ?? throw new AutoDLException($"Folder '{folder}' has IDX test images but no 'train-images-idx3-ubyte[.gz]'. Add the training files, or pass the test images file itself to import it alone.");
        var test = Pick(p => p is "t10k" or "test");
        return new IdxSource(folder, train, LabelsFor(train), test, test is null ? null : LabelsFor(test), ClassesBeside(train));
    }

    /// <summary>A path straight to an images file: it alone becomes the training data.</summary>
    public static IdxSource FromImagesFile(string imagesFile) =>
        new(imagesFile, imagesFile, LabelsFor(imagesFile), null, null, ClassesBeside(imagesFile));

    private static string Prefix(string path) => ImagesName().Match(Path.GetFileName(path)).Groups["prefix"].Value.ToLowerInvariant();

    private static string LabelsFor(string imagesFile)
    {
        string folder = Path.GetDirectoryName(imagesFile)!;
        string name = Path.GetFileName(imagesFile);
        string wanted = Regex.Replace(Regex.Replace(name, "images", "labels", RegexOptions.IgnoreCase), "idx3", "idx1", RegexOptions.IgnoreCase);
        string stem = wanted.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? wanted[..^3] : wanted;
        foreach (var candidate in new[] { stem, stem + ".gz" })
        {
            var match = Directory.EnumerateFiles(folder).FirstOrDefault(f => string.Equals(Path.GetFileName(f), candidate, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }
        throw new AutoDLException($"No labels file for IDX images '{imagesFile}': expected '{Path.Combine(folder, stem)}' (or .gz) beside it. Put the matching labels file there.");
    }

    private static string? ClassesBeside(string file)
    {
        var path = Path.Combine(Path.GetDirectoryName(file)!, "classes.txt");
        return File.Exists(path) ? path : null;
    }

    [GeneratedRegex(@"^(?<prefix>train|t10k|test)[-_.]images[-_.]idx3[-_.]ubyte(\.gz)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ImagesName();
}
