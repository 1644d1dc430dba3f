using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// How an image of any size fits the detector's square input without distortion: scaled so its longer side fills the
/// input, placed at the top left, the rest padded. Boxes follow the image one way (<see cref="ToInput"/>) and the
/// detections come back the other (<see cref="ToImage"/>). A classifier's centre crop would cut objects off.
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
}
