using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using AutoDL.Data;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ObjectDetection.Data;

/// <summary>One small detection data set, written the way each format's own tools write it: COCO JSON, Pascal VOC and YOLO.</summary>
internal static class DetectionDataWriter
{
    public static readonly string[] ClassNames = ["car", "cat", "dog"];

    /// <summary>Three training images and one validation image, with boxes on whole pixels of every size and at the edges.</summary>
    public static readonly (string Name, DataSplit Split, int Width, int Height, (int Label, int Left, int Top, int Right, int Bottom)[] Boxes)[] Images =
    [
        ("a.png", DataSplit.Train, 64, 48, [(0, 0, 0, 10, 12), (2, 30, 20, 64, 48)]),
        ("b.png", DataSplit.Train, 40, 40, [(1, 5, 6, 25, 33)]),
        ("c.png", DataSplit.Train, 50, 30, []),
        ("d.png", DataSplit.Validation, 32, 64, [(2, 1, 2, 3, 5), (0, 0, 0, 32, 64), (1, 10, 10, 20, 20)]),
    ];

    public static void WriteImages(string folder, Func<DataSplit, string> subfolder)
    {
        foreach (var image in Images)
        {
            TestImages.WritePng(Path.Combine(folder, subfolder(image.Split), image.Name), image.Width, image.Height, SKColors.Gray);
        }
    }

    /// <summary>COCO: annotations/instances_train.json and instances_val.json, images in train/ and val/ beside them, category ids from 1.</summary>
    public static void Coco(string root)
    {
        WriteImages(root, SplitFolder);
        Directory.CreateDirectory(Path.Combine(root, "annotations"));
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation })
        {
            var images = Images.Select((image, id) => (image, id)).Where(x => x.image.Split == split).ToList();
            var json = new
            {
                images = images.Select(x => new { id = x.id + 100, file_name = x.image.Name, width = x.image.Width, height = x.image.Height }),
                annotations = images.SelectMany(x => x.image.Boxes.Select(b => new
                {
                    image_id = x.id + 100,
                    category_id = b.Label + 1,
                    bbox = new[] { b.Left, b.Top, b.Right - b.Left, b.Bottom - b.Top },
                    iscrowd = 0,
                })),
                categories = ClassNames.Select((name, i) => new { id = i + 1, name }),
            };
            File.WriteAllText(Path.Combine(root, "annotations", $"instances_{SplitFolder(split)}.json"), JsonSerializer.Serialize(json));
        }
    }

    /// <summary>Pascal VOC: one XML per image with 1-based corners, the images in JPEGImages/, the splits in ImageSets/Main.</summary>
    public static void Voc(string root)
    {
        WriteImages(root, _ => "JPEGImages");
        Directory.CreateDirectory(Path.Combine(root, "Annotations"));
        Directory.CreateDirectory(Path.Combine(root, "ImageSets", "Main"));
        foreach (var image in Images)
        {
            var xml = new XElement("annotation",
                new XElement("filename", image.Name),
                new XElement("size", new XElement("width", image.Width), new XElement("height", image.Height), new XElement("depth", 3)),
                image.Boxes.Select(b => new XElement("object",
                    new XElement("name", ClassNames[b.Label]),
                    new XElement("difficult", 0),
                    new XElement("bndbox", new XElement("xmin", b.Left + 1), new XElement("ymin", b.Top + 1), new XElement("xmax", b.Right), new XElement("ymax", b.Bottom)))));
            xml.Save(Path.Combine(root, "Annotations", Path.ChangeExtension(image.Name, ".xml")));
        }
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation })
        {
            File.WriteAllLines(Path.Combine(root, "ImageSets", "Main", $"{SplitFolder(split)}.txt"), Images.Where(i => i.Split == split).Select(i => Path.GetFileNameWithoutExtension(i.Name)));
        }
    }

    /// <summary>YOLO: images/{train,val}, labels/{train,val} with centres and sizes in fractions of the image, data.yaml with the names.</summary>
    public static void Yolo(string root)
    {
        WriteImages(root, split => Path.Combine("images", SplitFolder(split)));
        foreach (var image in Images)
        {
            var lines = new StringBuilder();
            foreach (var b in image.Boxes)
            {
                double w = image.Width, h = image.Height;
                lines.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{b.Label} {(b.Left + b.Right) / 2.0 / w:R} {(b.Top + b.Bottom) / 2.0 / h:R} {(b.Right - b.Left) / w:R} {(b.Bottom - b.Top) / h:R}"));
            }
            var label = Path.Combine(root, "labels", SplitFolder(image.Split), Path.ChangeExtension(image.Name, ".txt"));
            Directory.CreateDirectory(Path.GetDirectoryName(label)!);
            // An image without objects has an empty label file, or none; write none for it.
            if (image.Boxes.Length > 0)
            {
                File.WriteAllText(label, lines.ToString());
            }
        }
        File.WriteAllText(Path.Combine(root, "data.yaml"), $"path: .\ntrain: images/train\nval: images/val\nnames:\n{string.Concat(ClassNames.Select(n => $"  - {n}\n"))}");
    }

    /// <summary>The set in the layout named by <paramref name="format"/>: "coco", "voc" or "yolo".</summary>
    public static void Write(string format, string root)
    {
        switch (format)
        {
            case "coco":
                Coco(root);
                break;
            case "voc":
                Voc(root);
                break;
            case "yolo":
                Yolo(root);
                break;
            default:
                throw new ArgumentException($"No such layout: {format}", nameof(format));
        }
    }

    public static string SplitFolder(DataSplit split) => split switch
    {
        DataSplit.Train => "train",
        DataSplit.Validation => "val",
        _ => "test",
    };
}
