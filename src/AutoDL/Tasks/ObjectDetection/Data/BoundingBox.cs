namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// An axis-aligned box in the pixels of its image, as COCO writes it: the top-left corner, then width and height.
/// Pixel edges, not centres: a box from 0 to 10 covers pixels 0 to 9 and has width 10.
/// </summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width, at least 0.</param>
/// <param name="Height">Height, at least 0.</param>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge.</summary>
    public double Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public double Bottom => Y + Height;

    /// <summary>Width times height.</summary>
    public double Area => Width * Height;

    /// <summary>The box from its corners (left, top, right, bottom), as Pascal VOC writes it.</summary>
    public static BoundingBox FromCorners(double left, double top, double right, double bottom) => new(left, top, right - left, bottom - top);

    /// <summary>The box from its centre and size, as YOLO writes it (in pixels here; YOLO's files hold fractions of the image).</summary>
    public static BoundingBox FromCentre(double centreX, double centreY, double width, double height) => new(centreX - (width / 2), centreY - (height / 2), width, height);

    /// <summary>[x, y, width, height] to a hundredth of a pixel, as COCO's result files and AutoDL's outputs write a box.</summary>
    public double[] ToCocoArray() => [Math.Round(X, 2), Math.Round(Y, 2), Math.Round(Width, 2), Math.Round(Height, 2)];
}
