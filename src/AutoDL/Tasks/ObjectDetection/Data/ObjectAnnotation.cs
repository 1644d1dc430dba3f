namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>One labelled object of an image: what a detector should find.</summary>
/// <param name="Box">Where it is, in the image's pixels.</param>
/// <param name="Label">Its class, an index into the data set's class names.</param>
public sealed record ObjectAnnotation(BoundingBox Box, int Label)
{
    /// <summary>
    /// A region of several objects marked as one (COCO's <c>iscrowd</c>), or an object the annotator marked hard to
    /// judge (Pascal VOC's <c>difficult</c>): evaluation neither rewards finding it nor punishes missing it.
    /// </summary>
    public bool Ignored { get; init; }

    /// <summary>
    /// The object's area in pixels when the annotation gives one (COCO's <c>area</c>, the segmentation's area), which
    /// COCO's small, medium and large sizes are judged by; otherwise the box's area.
    /// </summary>
    public double? Area { get; init; }

    /// <summary>The area COCO's object sizes are judged by: <see cref="Area"/> when given, else the box's.</summary>
    public double SizeArea => Area ?? Box.Area;
}
