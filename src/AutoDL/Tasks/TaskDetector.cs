using AutoDL.Pipeline;

namespace AutoDL.Tasks;

/// <summary>Infers the task from the data's layout, or finds the task the user named.</summary>
internal static class TaskDetector
{
    /// <summary>Names accepted for <c>--task</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", .. TaskRegistry.All.Select(t => t.Name)];

    /// <summary>
    /// The task for <paramref name="dataPath"/>: the one named by <paramref name="requested"/>, or with "auto" the first
    /// registered task that recognises the layout (detection layouts before any folder of images). A folder that
    /// looks like boxes or masks in a layout no task reads is refused, so the user hears why rather than a confusing data error.
    /// </summary>
    public static IFitTask Detect(string dataPath, string requested)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        string name = requested?.Trim().ToLowerInvariant() ?? "";
        if (name is not ("auto" or ""))
        {
            return TaskRegistry.All.FirstOrDefault(t => t.Name == name)
                ?? throw new AutoDLException($"Unknown task '{requested}'. Use one of: {string.Join(", ", Names)}.");
        }
        var task = TaskRegistry.All.FirstOrDefault(t => t.Recognizes(dataPath))
            ?? throw new AutoDLException($"'{dataPath}' is not data any task reads. Use an image folder (DATA/<class>/*.png), a CSV manifest (path,label), an IDX folder, COCO, Pascal VOC or YOLO detection data, or images/ and masks/ segmentation data.");
        // The last task takes any folder of images; a folder that names boxes or masks it could not read is not one.
        if (ReferenceEquals(task, TaskRegistry.All[^1]) && Directory.Exists(dataPath))
        {
            foreach (var marker in new[] { "annotations", "labels.json", "masks", "SegmentationClass" })
            {
                if (Directory.Exists(Path.Combine(dataPath, marker)) || File.Exists(Path.Combine(dataPath, marker)))
                {
                    throw new AutoDLException($"'{dataPath}' looks like object detection or segmentation data ('{marker}' found), but not in a layout this version reads: COCO (annotations/instances_train.json), Pascal VOC (Annotations/ or SegmentationClass/ beside JPEGImages/), YOLO (images/ and labels/), or images/ beside masks/ (optionally in train/, val/, test/).");
                }
            }
        }
        return task;
    }
}
