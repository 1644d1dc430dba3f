using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Pascal VOC: one <c>Annotations/{stem}.xml</c> per image, every image in <c>JPEGImages/</c> (PNG files, despite the
/// folder's name, as VOC tools accept), and the splits in <c>ImageSets/Main/{train,val,trainval,test}.txt</c>. VOC's
/// corners are 1-based pixel numbers, both included, so a box from edge <c>left</c> to edge <c>right</c> is written
/// <c>xmin = left + 1</c>, <c>xmax = right</c>.
/// </summary>
internal sealed class VocLayout : IDatasetLayout
{
    private static readonly XmlWriterSettings s_xml = new() { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };

    public string Name => "voc";

    public IReadOnlyList<string> Entries => ["Annotations", "JPEGImages", "ImageSets"];

    public string ImagePath(string root, GeneratedImage image) => Path.Combine(root, "JPEGImages", image.FileName);

    public void WriteAnnotations(string root, IReadOnlyList<GeneratedSplit> splits)
    {
        var annotations = Directory.CreateDirectory(Path.Combine(root, "Annotations")).FullName;
        var lists = Directory.CreateDirectory(Path.Combine(root, "ImageSets", "Main")).FullName;
        foreach (var image in splits.SelectMany(s => s.Images))
        {
            using var writer = XmlWriter.Create(Path.Combine(annotations, image.Stem + ".xml"), s_xml);
            Annotation(image).Save(writer);
        }
        foreach (var split in splits.Where(s => s.Images.Count > 0))
        {
            WriteList(Path.Combine(lists, split.Split.Name + ".txt"), split.Images);
        }
        // trainval.txt is what most VOC training scripts ask for by default.
        var trainval = splits.Where(s => s.Split.Name is "train" or "val").SelectMany(s => s.Images).ToList();
        if (trainval.Count > 0)
        {
            WriteList(Path.Combine(lists, "trainval.txt"), trainval);
        }
    }

    private static XElement Annotation(GeneratedImage image) => new("annotation",
        new XElement("folder", "JPEGImages"),
        new XElement("filename", image.FileName),
        new XElement("size", new XElement("width", image.Size), new XElement("height", image.Size), new XElement("depth", 3)),
        new XElement("segmented", 0),
        image.Objects.Select(o => new XElement("object",
            new XElement("name", o.ClassName),
            new XElement("pose", "Unspecified"),
            new XElement("truncated", o.Truncated ? 1 : 0),
            new XElement("difficult", 0),
            new XElement("bndbox",
                new XElement("xmin", Number(o.Box.Left + 1)),
                new XElement("ymin", Number(o.Box.Top + 1)),
                new XElement("xmax", Number(o.Box.Right)),
                new XElement("ymax", Number(o.Box.Bottom))))));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteList(string path, IEnumerable<GeneratedImage> images) =>
        File.WriteAllText(path, string.Concat(images.Select(i => i.Stem + "\n")));
}
