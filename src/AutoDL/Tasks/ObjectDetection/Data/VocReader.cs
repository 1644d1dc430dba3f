using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// Reads Pascal VOC: one XML file per image in <c>Annotations/</c>, the images in <c>JPEGImages/</c>, and optionally
/// the splits in <c>ImageSets/Main/{train,val,test}.txt</c> (<c>trainval.txt</c> counts as training). VOC's corners
/// are 1-based pixel numbers, both included: <c>xmin 1, xmax 10</c> is the box from edge 0 to edge 10.
/// </summary>
internal static class VocReader
{
    public const string Format = "voc";

    public static bool Recognises(string path) =>
        Directory.Exists(Path.Combine(path, "Annotations")) && Directory.Exists(Path.Combine(path, "JPEGImages"));

    public static FormatListing Read(string path, CancellationToken ct)
    {
        var root = Path.GetFullPath(path);
        var splits = Splits(root);
        var classNames = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<AnnotatedFile>();
        var skipped = new List<SkippedFile>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 16 << 20 };
        foreach (var xml in Directory.EnumerateFiles(Path.Combine(root, "Annotations"), "*.xml").Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            string stem = Path.GetFileNameWithoutExtension(xml);
            DataSplit split = DataSplit.Train;
            if (splits is not null && !splits.TryGetValue(stem, out split))
            {
                skipped.Add(new SkippedFile(xml, "not listed in any ImageSets/Main split file"));
                continue;
            }
            if (RegularFile.Problem(xml) is { } problem)
            {
                skipped.Add(new SkippedFile(xml, problem));
                continue;
            }
            XElement annotation;
            try
            {
                using var reader = XmlReader.Create(xml, settings);
                annotation = XDocument.Load(reader).Root ?? throw new XmlException("no root element");
            }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedFile(xml, $"not readable VOC XML ({e.Message})"));
                continue;
            }
            var image = Locate(root, annotation.Element("filename")?.Value, stem);
            if (image is null)
            {
                skipped.Add(new SkippedFile(xml, $"its image ('{annotation.Element("filename")?.Value ?? stem}') is not in JPEGImages/"));
                continue;
            }
            var objects = new List<DeclaredObject>();
            int index = 0;
            foreach (var element in annotation.Elements("object"))
            {
                string? name = element.Element("name")?.Value.Trim();
                string where = $"object {++index}" + (string.IsNullOrEmpty(name) ? "" : $" ('{name}')");
                if (string.IsNullOrEmpty(name))
                {
                    skipped.Add(new SkippedFile(xml, $"{where} has no <name>"));
                    continue;
                }
                var box = element.Element("bndbox");
                if (!(TryRead(box, "xmin", out double xmin) && TryRead(box, "ymin", out double ymin) && TryRead(box, "xmax", out double xmax) && TryRead(box, "ymax", out double ymax)))
                {
                    skipped.Add(new SkippedFile(xml, $"{where} has no <bndbox> with numeric xmin, ymin, xmax and ymax"));
                    continue;
                }
                classNames.Add(name);
                objects.Add(new DeclaredObject(BoundingBox.FromCorners(xmin - 1, ymin - 1, xmax, ymax), Normalized: false, name, where)
                {
                    Ignored = element.Element("difficult")?.Value.Trim() == "1",
                });
            }
            files.Add(new AnnotatedFile(image, split, xml, objects));
        }
        return new FormatListing(Format, [.. classNames], files, skipped);
    }

    /// <summary>The split of each image stem from ImageSets/Main, or null when the folder has no split files.</summary>
    private static Dictionary<string, DataSplit>? Splits(string root)
    {
        var folder = Path.Combine(root, "ImageSets", "Main");
        (string File, DataSplit Split)[] lists = [("train.txt", DataSplit.Train), ("trainval.txt", DataSplit.Train), ("val.txt", DataSplit.Validation), ("test.txt", DataSplit.Test)];
        var present = lists.Where(l => File.Exists(Path.Combine(folder, l.File))).ToList();
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
            var list = Path.Combine(folder, file);
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

    private static string? Locate(string root, string? fileName, string stem)
    {
        var folder = Path.Combine(root, "JPEGImages");
        if (!string.IsNullOrWhiteSpace(fileName) && Path.GetFileName(fileName) == fileName && File.Exists(Path.Combine(folder, fileName)))
        {
            return Path.Combine(folder, fileName);
        }
        return ImageDecoder.Extensions.Select(extension => Path.Combine(folder, stem + extension)).FirstOrDefault(File.Exists);
    }

    private static bool TryRead(XElement? box, string name, out double value)
    {
        value = 0;
        return box?.Element(name)?.Value is { } text && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
