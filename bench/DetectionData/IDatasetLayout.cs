namespace AutoDL.Bench.DetectionData;

/// <summary>One annotation format's layout on disk: where its images go, and the files that describe their boxes.</summary>
internal interface IDatasetLayout
{
    /// <summary>"coco", "voc" or "yolo": the folder name when every format is written side by side.</summary>
    string Name { get; }

    /// <summary>The files and folders the layout writes directly in its folder, which a forced re-run replaces.</summary>
    IReadOnlyList<string> Entries { get; }

    /// <summary>Where the image goes under <paramref name="root"/>.</summary>
    string ImagePath(string root, GeneratedImage image);

    /// <summary>Where the image's segmentation mask goes under <paramref name="root"/>; null for a layout of boxes only.</summary>
    string? MaskPath(string root, GeneratedImage image) => null;

    /// <summary>Writes the annotations of every split, after all images are drawn.</summary>
    void WriteAnnotations(string root, IReadOnlyList<GeneratedSplit> splits);
}
