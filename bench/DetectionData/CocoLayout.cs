using System.Text;
using System.Text.Json;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// COCO: <c>annotations/instances_{split}.json</c>, images in <c>{split}/</c> beside <c>annotations/</c> (as COCO's
/// <c>train2017/</c>). Category ids are 1 to K in class-name order; image and annotation ids count from 1 across all
/// splits, so merging the files never clashes. Each annotation also carries its fill <c>style</c>, a field COCO's
/// tools ignore, so results can be broken down by style.
/// </summary>
internal sealed class CocoLayout : IDatasetLayout
{
    public string Name => "coco";

    public IReadOnlyList<string> Entries => ["annotations", "train", "val", "test"];

    public string ImagePath(string root, GeneratedImage image) => Path.Combine(root, image.Split.Name, image.FileName);

    public void WriteAnnotations(string root, IReadOnlyList<GeneratedSplit> splits)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "annotations")).FullName;
        long imageId = 0, annotationId = 0;
        foreach (var split in splits.Where(s => s.Images.Count > 0))
        {
            using var stream = File.Create(Path.Combine(folder, $"instances_{split.Split.Name}.json"));
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            // pycocotools 2.0.9 and 2.0.10 copy "info" from the ground truth in loadRes and stop with a KeyError without it.
            json.WriteStartObject("info");
            json.WriteString("description", $"AutoDL.NET synthetic shapes for object detection, {split.Split.Name} split ({split.Split.Palette.Name} styles)");
            json.WriteString("version", DatasetSummary.GeneratorVersion);
            json.WriteEndObject();
            // Empty, but present: COCO's own files always have it, and some converters read it unconditionally.
            json.WriteStartArray("licenses");
            json.WriteEndArray();
            json.WriteStartArray("categories");
            for (int c = 0; c < ShapeCatalogue.ClassNames.Count; c++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", c + 1);
                json.WriteString("name", ShapeCatalogue.ClassNames[c]);
                json.WriteString("supercategory", "shape");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            var ids = new long[split.Images.Count];
            json.WriteStartArray("images");
            for (int i = 0; i < split.Images.Count; i++)
            {
                var image = split.Images[i];
                ids[i] = ++imageId;
                json.WriteStartObject();
                json.WriteNumber("id", ids[i]);
                json.WriteString("file_name", image.FileName);
                json.WriteNumber("width", image.Size);
                json.WriteNumber("height", image.Size);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("annotations");
            for (int i = 0; i < split.Images.Count; i++)
            {
                foreach (var o in split.Images[i].Objects)
                {
                    json.WriteStartObject();
                    json.WriteNumber("id", ++annotationId);
                    json.WriteNumber("image_id", ids[i]);
                    json.WriteNumber("category_id", o.ClassIndex + 1);
                    json.WriteStartArray("bbox");
                    json.WriteNumberValue(o.Box.Left);
                    json.WriteNumberValue(o.Box.Top);
                    json.WriteNumberValue(o.Box.Width);
                    json.WriteNumberValue(o.Box.Height);
                    json.WriteEndArray();
                    // COCO's "area" is the segmentation's; without one, the box's is what its size buckets should use.
                    json.WriteNumber("area", o.Box.Area);
                    json.WriteNumber("iscrowd", 0);
                    json.WriteString("style", StyleNames.Of(o.Style));
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stream.Write(Encoding.UTF8.GetBytes("\n"));
        }
    }
}
