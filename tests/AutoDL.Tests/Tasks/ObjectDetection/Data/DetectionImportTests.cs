using System.Text.Json;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ObjectDetection.Data;

public sealed class DetectionImportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("coco")]
    [InlineData("voc")]
    [InlineData("yolo")]
    public void The_same_data_written_as_coco_voc_or_yolo_imports_the_same_classes_splits_and_boxes(string format)
    {
        var root = _temp.Combine(format);
        DetectionDataWriter.Write(format, root);

        var listing = DetectionImporter.Import(root);

        Assert.Equal(format, DetectionImporter.Recognise(root));
        Assert.Equal(format, listing.Format);
        Assert.Equal(DetectionDataWriter.ClassNames, listing.ClassNames);
        Assert.Empty(listing.Skipped);
        Assert.Equal(DetectionDataWriter.Images.Select(i => i.Name).Order(), listing.Images.Select(i => Path.GetFileName(i.Path)).Order());
        foreach (var expected in DetectionDataWriter.Images)
        {
            var image = listing.Images.Single(i => Path.GetFileName(i.Path) == expected.Name);
            Assert.Equal(expected.Split, image.Split);
            Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
            Assert.Equal(expected.Boxes.Length, image.Objects.Count);
            foreach (var (box, found) in expected.Boxes.OrderBy(b => (b.Left, b.Top)).Zip(image.Objects.OrderBy(o => (o.Box.X, o.Box.Y))))
            {
                Assert.Equal(box.Label, found.Label);
                // YOLO's fractions come back through a division and a multiplication: equal to the last bits or so.
                Assert.Equal(box.Left, found.Box.X, 1e-9);
                Assert.Equal(box.Top, found.Box.Y, 1e-9);
                Assert.Equal(box.Right, found.Box.Right, 1e-9);
                Assert.Equal(box.Bottom, found.Box.Bottom, 1e-9);
                Assert.False(found.Ignored);
            }
        }
    }

    [Fact]
    public void Coco_annotations_that_cannot_be_used_are_skipped_and_listed_and_crowds_keep_their_flag_and_area()
    {
        var root = _temp.Combine("coco");
        TestImages.WritePng(Path.Combine(root, "train", "a.png"), 40, 30, SKColors.Gray);
        Directory.CreateDirectory(Path.Combine(root, "annotations"));
        var json = new
        {
            images = new object[] { new { id = 1, file_name = "a.png" }, new { id = 2, file_name = "missing.png" } },
            annotations = new object[]
            {
                new { image_id = 1, category_id = 7, bbox = new[] { 1.0, 2, 10, 10 }, iscrowd = 0 },
                new { image_id = 1, category_id = 7, bbox = new[] { 0.0, 0, 40, 30 }, iscrowd = 1, area = 600.0 },
                new { image_id = 1, category_id = 7, bbox = new[] { 35.0, 2, 10, 10 }, iscrowd = 0 },
                new { image_id = 1, category_id = 7, bbox = new[] { 5.0, 5, 0, 10 }, iscrowd = 0 },
                new { image_id = 1, category_id = 99, bbox = new[] { 5.0, 5, 5, 5 }, iscrowd = 0 },
                new { image_id = 5, category_id = 7, bbox = new[] { 5.0, 5, 5, 5 }, iscrowd = 0 },
            },
            categories = new[] { new { id = 7, name = "dog" }, new { id = 3, name = "cat" } },
        };
        var file = Path.Combine(root, "annotations", "instances_train.json");
        File.WriteAllText(file, JsonSerializer.Serialize(json));

        var listing = DetectionImporter.Import(root);

        Assert.Equal(["cat", "dog"], listing.ClassNames);
        var image = Assert.Single(listing.Images);
        Assert.Equal(2, image.Objects.Count);
        Assert.All(image.Objects, o => Assert.Equal(1, o.Label));
        var crowd = Assert.Single(image.Objects, o => o.Ignored);
        Assert.Equal(600, crowd.SizeArea);
        var reasons = listing.Skipped.Select(s => $"{Path.GetFileName(s.Path)}: {s.Reason}").ToList();
        Assert.Contains(reasons, r => r.StartsWith("instances_train.json: annotations[2]: the box", StringComparison.Ordinal) && r.Contains("reaches outside its 40x30 image", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("instances_train.json: annotations[3]: the box", StringComparison.Ordinal) && r.Contains("has no area", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("instances_train.json: annotations[4]: class 'category_id 99' is not one of the data set's 2 classes", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("instances_train.json: 1 annotation(s) of image id 5", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("instances_train.json: images[1]: image 'missing.png' not found", StringComparison.Ordinal));
        Assert.Equal(5, listing.Skipped.Count);
    }

    [Fact]
    public void Voc_difficult_objects_are_kept_as_ignored_and_damaged_or_orphaned_annotations_are_listed()
    {
        var root = _temp.Combine("voc");
        DetectionDataWriter.Voc(root);
        var annotation = Path.Combine(root, "Annotations", "b.xml");
        File.WriteAllText(annotation, File.ReadAllText(annotation).Replace("<difficult>0</difficult>", "<difficult>1</difficult>", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(root, "Annotations", "broken.xml"), "<annotation><filename>broken.png");
        File.WriteAllText(Path.Combine(root, "Annotations", "unlisted.xml"), "<annotation><filename>a.png</filename></annotation>");
        File.AppendAllLines(Path.Combine(root, "ImageSets", "Main", "train.txt"), ["broken", "orphan"]);
        File.WriteAllText(Path.Combine(root, "Annotations", "orphan.xml"), "<annotation><filename>orphan.png</filename></annotation>");

        var listing = DetectionImporter.Import(root);

        Assert.True(Assert.Single(listing.Images.Single(i => i.Path.EndsWith("b.png", StringComparison.Ordinal)).Objects).Ignored);
        Assert.Equal(4, listing.Images.Count);
        var reasons = listing.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        Assert.StartsWith("not readable VOC XML", reasons["broken.xml"], StringComparison.Ordinal);
        Assert.Equal("not listed in any ImageSets/Main split file", reasons["unlisted.xml"]);
        Assert.StartsWith("its image ('orphan.png') is not in JPEGImages/", reasons["orphan.xml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Yolo_labels_without_images_unknown_classes_and_polygons_are_listed_and_names_may_be_given_by_index()
    {
        var root = _temp.Combine("yolo");
        DetectionDataWriter.Yolo(root);
        File.WriteAllText(Path.Combine(root, "data.yaml"), "names:\n  0: car\n  1: cat\n  2: dog\n");
        File.WriteAllText(Path.Combine(root, "labels", "train", "ghost.txt"), "0 0.5 0.5 0.1 0.1\n");
        File.AppendAllText(Path.Combine(root, "labels", "train", "b.txt"), "3 0.5 0.5 0.1 0.1\n0 0.1 0.1 0.2 0.1 0.3 0.3\n");

        var listing = DetectionImporter.Import(root);

        Assert.Equal(DetectionDataWriter.ClassNames, listing.ClassNames);
        Assert.Single(listing.Images.Single(i => i.Path.EndsWith("b.png", StringComparison.Ordinal)).Objects);
        Assert.Empty(listing.Images.Single(i => i.Path.EndsWith("c.png", StringComparison.Ordinal)).Objects);
        var reasons = listing.Skipped.Select(s => $"{Path.GetFileName(s.Path)}: {s.Reason}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, reasons.Count);
        Assert.StartsWith("b.txt: line 2: class '3' is not one of the data set's 3 classes", reasons[0], StringComparison.Ordinal);
        Assert.Contains("a polygon (segmentation) label, not a box", reasons[1], StringComparison.Ordinal);
        Assert.StartsWith("ghost.txt: a label file without its image", reasons[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pipe")]
    [InlineData("deep")]
    public async Task A_data_yaml_that_is_a_pipe_or_nests_without_end_is_refused_with_one_line_not_a_hang_or_a_crash(string kind)
    {
        var root = _temp.Combine("yolo");
        DetectionDataWriter.Yolo(root);
        var yaml = Path.Combine(root, "data.yaml");
        File.Delete(yaml);
        if (kind == "pipe")
        {
            using var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo") { ArgumentList = { yaml } })!;
            await mkfifo.WaitForExitAsync();
        }
        else
        {
            // YamlDotNet's document model recurses once per level: this would overflow the stack.
            File.WriteAllText(yaml, "names: " + new string('[', 100_000));
        }

        var error = await Assert.ThrowsAsync<AutoDLException>(() => Task.Run(() => DetectionImporter.Import(root)).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains(yaml, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_yolo_split_folder_linked_into_another_split_is_not_followed()
    {
        var root = _temp.Combine("yolo");
        DetectionDataWriter.Yolo(root);
        var link = Path.Combine(root, "images", "train", "more");
        Directory.CreateSymbolicLink(link, Path.Combine(root, "images", "val"));

        var listing = DetectionImporter.Import(root);

        Assert.Equal(DetectionDataWriter.Images.Length, listing.Images.Count);
        Assert.Contains(listing.Skipped, s => s.Path == link && s.Reason.Contains("inside the data", StringComparison.Ordinal));
    }

    [Fact]
    public void Yolo_data_that_names_no_classes_is_refused_with_one_line_saying_how_to_name_them()
    {
        var root = _temp.Combine("yolo");
        DetectionDataWriter.Yolo(root);
        File.Delete(Path.Combine(root, "data.yaml"));

        var error = Assert.Throws<AutoDLException>(() => DetectionImporter.Import(root));

        Assert.Contains("names no classes", error.Message, StringComparison.Ordinal);
        Assert.Contains("data.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_with_no_usable_object_is_refused_with_the_first_reason()
    {
        var root = _temp.Combine("voc");
        DetectionDataWriter.Voc(root);
        foreach (var xml in Directory.GetFiles(Path.Combine(root, "Annotations")))
        {
            File.WriteAllText(xml, File.ReadAllText(xml).Replace("<xmax>", "<xmax>9", StringComparison.Ordinal));
        }

        var error = Assert.Throws<AutoDLException>(() => DetectionImporter.Import(root));

        Assert.Contains("has no usable object", error.Message, StringComparison.Ordinal);
        Assert.Contains("reaches outside", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_folder_of_class_folders_is_not_taken_for_detection_data()
    {
        TestImages.WritePng(_temp.Combine("cat", "1.png"), 8, 8, SKColors.Red);
        TestImages.WritePng(_temp.Combine("dog", "1.png"), 8, 8, SKColors.Blue);

        Assert.Null(DetectionImporter.Recognise(_temp.Path));
    }
}
