using AutoDL.Data.Quality;
using AutoDL.Tasks.ObjectDetection.Quality;
using AutoDL.Tests.Data;
using AutoDL.Tests.Tasks.ObjectDetection.Data;

namespace AutoDL.Tests.Tasks.ObjectDetection.Quality;

public sealed class DetectionInspectionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Inspection_counts_objects_by_split_class_and_size_lists_what_was_left_out_and_finds_a_copy_across_splits()
    {
        var root = _temp.Combine("yolo");
        DetectionDataWriter.Yolo(root);
        // A training image copied into validation (a leak), and a label file whose image is gone.
        File.Copy(Path.Combine(root, "images", "train", "a.png"), Path.Combine(root, "images", "val", "a-copy.png"));
        File.WriteAllText(Path.Combine(root, "labels", "train", "ghost.txt"), "0 0.5 0.5 0.1 0.1\n");

        var report = DetectionInspection.Inspect(root);

        Assert.Equal("yolo", report.Format);
        Assert.Equal(["train", "validation"], report.Splits.Keys);
        var train = report.Splits["train"];
        // a.png: a car of 10×12 and a dog of 34×28 (952 px², under 32²); b.png: a cat of 20×27; c.png: none.
        Assert.Equal((3, 1, 3), (train.Images, train.ImagesWithoutObjects, train.Objects));
        Assert.Equal([1, 1, 1], train.ObjectsPerClass);
        Assert.Equal((3, 0, 0), (train.Small, train.Medium, train.Large));
        // d.png: 2×3 and 10×10 (small) and 32×64 (2,048 px², medium); the copy has no label file, so no objects.
        var validation = report.Splits["validation"];
        Assert.Equal((2, 1), (validation.Images, validation.ImagesWithoutObjects));
        Assert.Equal((2, 1, 0), (validation.Small, validation.Medium, validation.Large));
        Assert.Empty(report.ClassesWithoutTrainingObjects);
        Assert.EndsWith("ghost.txt", Assert.Single(report.Skipped).Path, StringComparison.Ordinal);
        var copy = Assert.Single(report.Duplicates);
        Assert.Equal(DuplicateKind.Exact, copy.Kind);
        Assert.True(copy.CrossSplit);
    }
}
