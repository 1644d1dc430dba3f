namespace AutoDL.Bench.DetectionData;

/// <summary>The annotation layouts the generator writes; <see cref="All"/> writes each into its own sibling folder.</summary>
internal enum OutputFormat
{
    Coco,
    Voc,
    Yolo,
    Masks,
    All,
}
