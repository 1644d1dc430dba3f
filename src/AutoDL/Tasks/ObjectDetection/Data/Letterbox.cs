using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// How an image of any size fits the detector's square input without distortion: scaled so its longer side fills the
/// input, placed at the top left, the rest padded. Boxes follow the image one way (<see cref="ToInput"/>) and the
/// detections come back the other (<see cref="ToImage(BoundingBox)"/>). A classifier's centre crop would cut objects off.
/// </summary>
/// <param name="ScaleX">Input pixels per image pixel across (the resized width over the image's; equal to <paramref name="ScaleY"/> up to rounding).</param>
/// <param name="ScaleY">Input pixels per image pixel down.</param>
/// <param name="Width">The resized image's width in the input.</param>
/// <param name="Height">The resized image's height in the input.</param>
public sealed record Letterbox(double ScaleX, double ScaleY, int Width, int Height)
{
    /// <summary>The letterbox of a <paramref name="width"/> × <paramref name="height"/> image in <paramref name="input"/>.</summary>
    public static Letterbox For(int width, int height, ImageShape input)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        double scale = Math.Min((double)input.Width / width, (double)input.Height / height);
        int resizedWidth = Math.Clamp((int)Math.Round(width * scale), 1, input.Width);
        int resizedHeight = Math.Clamp((int)Math.Round(height * scale), 1, input.Height);
        return new Letterbox((double)resizedWidth / width, (double)resizedHeight / height, resizedWidth, resizedHeight);
    }

    /// <summary>A box of the image, in the input's pixels.</summary>
    public BoundingBox ToInput(BoundingBox box) => new(box.X * ScaleX, box.Y * ScaleY, box.Width * ScaleX, box.Height * ScaleY);

    /// <summary>A box of the input, in the image's pixels.</summary>
    public BoundingBox ToImage(BoundingBox box) => new(box.X / ScaleX, box.Y / ScaleY, box.Width / ScaleX, box.Height / ScaleY);

    /// <summary>The image's width in its own pixels (the scale is the resized width over it, so this undoes it).</summary>
    public int ImageWidth => (int)Math.Round(Width / ScaleX);

    /// <summary>The image's height in its own pixels.</summary>
    public int ImageHeight => (int)Math.Round(Height / ScaleY);

    /// <summary>
    /// A box found in the input, in the image's pixels and cut to the image: the padding beside a letterboxed image is not
    /// part of it, and a box reaching into it ends at the image's edge.
    /// </summary>
    public BoundingBox ToImageClipped(BoundingBox box)
    {
        var inImage = ToImage(box);
        double left = Math.Clamp(inImage.X, 0, ImageWidth), top = Math.Clamp(inImage.Y, 0, ImageHeight);
        return BoundingBox.FromCorners(left, top, Math.Clamp(inImage.Right, left, ImageWidth), Math.Clamp(inImage.Bottom, top, ImageHeight));
    }

    /// <summary>An object of the input, in the image's pixels, with its area in them (the inverse of how the set was built).</summary>
    public ObjectAnnotation ToImage(ObjectAnnotation annotation)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        return annotation with { Box = ToImage(annotation.Box), Area = annotation.Area / (ScaleX * ScaleY) };
    }
}
