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
        var splits = VocFolder.Splits(Path.Combine(root, "ImageSets", "Main"));
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
            var image = VocFolder.LocateImage(root, annotation.Element("filename")?.Value, stem);
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

    private static bool TryRead(XElement? box, string name, out double value)
    {
        value = 0;
        return box?.Element(name)?.Value is { } text && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
