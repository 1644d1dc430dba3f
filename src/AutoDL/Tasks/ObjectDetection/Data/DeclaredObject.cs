namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>One object as an annotation file declares it, before it is checked against its image and the classes.</summary>
/// <param name="Box">Its box: in pixels, or in fractions of the image's width and height when <paramref name="Normalized"/> (YOLO).</param>
/// <param name="Normalized">Whether <paramref name="Box"/> is in fractions of the image.</param>
/// <param name="ClassName">Its class's name, or null when the file names a class that does not exist.</param>
/// <param name="Where">How a message names it: "object 3 ('cat')", "line 7".</param>
internal sealed record DeclaredObject(BoundingBox Box, bool Normalized, string? ClassName, string Where)
{
    /// <summary>COCO's <c>iscrowd</c> or VOC's <c>difficult</c>.</summary>
    public bool Ignored { get; init; }

    /// <summary>COCO's <c>area</c>, when given.</summary>
    public double? Area { get; init; }

    /// <summary>What the file said its class is, for the message when it names none that exists.</summary>
    public string? ClassText { get; init; }
}
