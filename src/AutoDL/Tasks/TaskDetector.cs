using AutoDL.Pipeline;
using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tasks;

/// <summary>Infers the task from the data's layout, or finds the task the user named.</summary>
internal static class TaskDetector
{
    /// <summary>Names accepted for <c>--task</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", .. TaskRegistry.All.Select(t => t.Name)];

    /// <summary>
    /// The task for <paramref name="dataPath"/>: the one named by <paramref name="requested"/>, or with "auto" the first
    /// registered task that recognises the layout. Detection (boxes) and segmentation (masks) layouts are recognised
    /// before those tasks exist, so the user hears that they are not supported yet rather than a confusing data error.
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
        if (DetectionImporter.Recognise(dataPath) is { } format)
        {
            throw new AutoDLException($"'{dataPath}' holds {format.ToUpperInvariant()} object-detection data; `fit` does not train detectors yet, only image classifiers. `autodl inspect` reports on it.");
        }
        if (Directory.Exists(dataPath))
        {
            foreach (var marker in new[] { "annotations", "labels.json", "masks", "SegmentationClass" })
            {
                if (Directory.Exists(Path.Combine(dataPath, marker)) || File.Exists(Path.Combine(dataPath, marker)))
                {
                    throw new AutoDLException($"'{dataPath}' looks like object detection or segmentation data ('{marker}' found); only image classification is supported so far. Arrange images as DATA/<class>/*.png.");
                }
            }
        }
        return TaskRegistry.All.FirstOrDefault(t => t.Recognizes(dataPath))
            ?? throw new AutoDLException($"'{dataPath}' is not data any task reads. Use an image folder (DATA/<class>/*.png), a CSV manifest (path,label) or an IDX folder.");
    }
}
