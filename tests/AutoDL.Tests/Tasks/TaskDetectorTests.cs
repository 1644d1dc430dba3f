using AutoDL.Tasks;
using AutoDL.Tests.Tasks.ObjectDetection.Data;

namespace AutoDL.Tests.Tasks;

public sealed class TaskDetectorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-task-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_registered_task_can_be_named_and_auto_picks_one_for_a_class_folder()
    {
        Assert.Equal(["auto", .. TaskRegistry.All.Select(t => t.Name)], TaskDetector.Names);
        Assert.All(TaskRegistry.All, t => Assert.Same(t, TaskDetector.Detect(_folder, t.Name)));
        Assert.Equal("image-classification", TaskDetector.Detect(_folder, "auto").Name);
    }

    [Fact]
    public void An_unknown_task_is_refused_with_the_names_that_work()
    {
        var error = Assert.Throws<AutoDLException>(() => TaskDetector.Detect(_folder, "regression"));

        Assert.Contains("'regression'", error.Message, StringComparison.Ordinal);
        Assert.Contains("image-classification", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coco")]
    [InlineData("voc")]
    [InlineData("yolo")]
    public void Detection_data_in_any_layout_is_recognised_as_object_detection(string format)
    {
        var root = Path.Combine(_folder, format);
        DetectionDataWriter.Write(format, root);

        Assert.Equal("object-detection", TaskDetector.Detect(root, "auto").Name);
    }

    [Fact]
    public void A_folder_that_names_annotations_in_no_layout_a_task_reads_is_refused_naming_them_and_the_layouts()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "annotations"));

        var error = Assert.Throws<AutoDLException>(() => TaskDetector.Detect(_folder, "auto"));

        Assert.Contains("'annotations'", error.Message, StringComparison.Ordinal);
        Assert.Contains("YOLO", error.Message, StringComparison.Ordinal);
    }
}
