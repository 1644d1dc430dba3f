using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>Boxes through a <see cref="Letterbox"/>: an image's objects into the input, and the detections found there back.</summary>
public static class LetterboxBoxes
{
    /// <summary>A box of the image, in the input's pixels.</summary>
    public static BoundingBox ToInput(this Letterbox letterbox, BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(letterbox);
        return new(box.X * letterbox.ScaleX, box.Y * letterbox.ScaleY, box.Width * letterbox.ScaleX, box.Height * letterbox.ScaleY);
    }

    /// <summary>A box of the input, in the image's pixels.</summary>
    public static BoundingBox ToImage(this Letterbox letterbox, BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(letterbox);
        return new(box.X / letterbox.ScaleX, box.Y / letterbox.ScaleY, box.Width / letterbox.ScaleX, box.Height / letterbox.ScaleY);
    }

    /// <summary>
    /// A box found in the input, in the image's pixels and cut to the image: the padding beside a letterboxed image is not
    /// part of it, and a box reaching into it ends at the image's edge.
    /// </summary>
    public static BoundingBox ToImageClipped(this Letterbox letterbox, BoundingBox box)
    {
        var inImage = letterbox.ToImage(box);
        int width = letterbox.ImageWidth, height = letterbox.ImageHeight;
        double left = Math.Clamp(inImage.X, 0, width), top = Math.Clamp(inImage.Y, 0, height);
        return BoundingBox.FromCorners(left, top, Math.Clamp(inImage.Right, left, width), Math.Clamp(inImage.Bottom, top, height));
    }

    /// <summary>An object of the input, in the image's pixels, with its area in them (the inverse of how the set was built).</summary>
    public static ObjectAnnotation ToImage(this Letterbox letterbox, ObjectAnnotation annotation)
    {
        ArgumentNullException.ThrowIfNull(letterbox);
        ArgumentNullException.ThrowIfNull(annotation);
        return annotation with { Box = letterbox.ToImage(annotation.Box), Area = annotation.Area / (letterbox.ScaleX * letterbox.ScaleY) };
    }
}
