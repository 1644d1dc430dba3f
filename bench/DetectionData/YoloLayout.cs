using System.Globalization;
using System.Text;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// YOLO (Ultralytics): images in <c>images/{split}/</c>, for each a <c>labels/{split}/{stem}.txt</c> with one line
/// <c>class centre-x centre-y width height</c> per object in fractions of the image (an empty file for an image
/// without objects), and <c>data.yaml</c> naming the classes in class-number order. Fractions are written with "R"
/// formatting, so they read back as exactly the doubles written; on whole pixels of a 128-px image they are exact
/// binary fractions anyway.
/// </summary>
internal sealed class YoloLayout : IDatasetLayout
{
    public string Name => "yolo";

    public IReadOnlyList<string> Entries => ["images", "labels", "data.yaml"];

    public string ImagePath(string root, GeneratedImage image) => Path.Combine(root, "images", image.Split.Name, image.FileName);

    public void WriteAnnotations(string root, IReadOnlyList<GeneratedSplit> splits)
    {
        foreach (var split in splits.Where(s => s.Images.Count > 0))
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "labels", split.Split.Name)).FullName;
            foreach (var image in split.Images)
            {
                File.WriteAllText(Path.Combine(folder, image.Stem + ".txt"), Labels(image));
            }
        }
        var yaml = new StringBuilder();
        yaml.Append($"# AutoDL.NET synthetic shapes for object detection ({DatasetSummary.GeneratorVersion}).\n");
        // No "path:": Ultralytics then reads the split folders relative to this file, so the folder can be moved.
        foreach (var split in splits.Where(s => s.Images.Count > 0))
        {
            yaml.Append($"{split.Split.Name}: images/{split.Split.Name}\n");
        }
        yaml.Append(CultureInfo.InvariantCulture, $"nc: {ShapeCatalogue.ClassNames.Count}\n");
        yaml.Append("names:\n");
        foreach (var name in ShapeCatalogue.ClassNames)
        {
            yaml.Append($"  - {name}\n");
        }
        File.WriteAllText(Path.Combine(root, "data.yaml"), yaml.ToString());
    }

    private static string Labels(GeneratedImage image)
    {
        var text = new StringBuilder();
        double size = image.Size;
        foreach (var o in image.Objects)
        {
            text.Append(CultureInfo.InvariantCulture, $"{o.ClassIndex} {Fraction((o.Box.Left + (o.Box.Width / 2.0)) / size)} {Fraction((o.Box.Top + (o.Box.Height / 2.0)) / size)} ");
            text.Append(CultureInfo.InvariantCulture, $"{Fraction(o.Box.Width / size)} {Fraction(o.Box.Height / size)}\n");
        }
        return text.ToString();
    }

    private static string Fraction(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
