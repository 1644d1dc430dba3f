namespace AutoDL.Tasks;

/// <summary>Infers the task from the data's layout, or checks the task the user named.</summary>
public static class TaskDetector
{
    /// <summary>Names accepted for <c>--task</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "image-classification"];

    /// <summary>
    /// The task for <paramref name="dataPath"/>. Class folders, a path,label CSV and IDX files all mean image
    /// classification, the only task implemented; detection (boxes) and segmentation (masks) layouts are
    /// recognised so the user hears that they are not supported yet rather than a confusing data error.
    /// </summary>
    public static TaskKind Detect(string dataPath, string requested)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        switch (requested?.Trim().ToLowerInvariant())
        {
            case "image-classification":
                return TaskKind.ImageClassification;
            case "auto" or null or "":
                break;
            default:
                throw new AutoDLException($"Unknown task '{requested}'. Use one of: {string.Join(", ", Names)}.");
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
        return TaskKind.ImageClassification;
    }
}
