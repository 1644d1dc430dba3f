namespace AutoDL.Data;

/// <summary>
/// How an image of any size fits a model's input without distortion: scaled so its longer side fills the input, placed
/// at the top left, the rest padded. A detector's boxes follow it both ways (<c>LetterboxBoxes</c>) and a segmentation
/// mask is placed the same way. A classifier's centre crop would cut objects off.
/// </summary>
/// <param name="ScaleX">Input pixels per image pixel across (the resized width over the image's; equal to <paramref name="ScaleY"/> up to rounding).</param>
/// <param name="ScaleY">Input pixels per image pixel down.</param>
/// <param name="Width">The resized image's width in the input.</param>
/// <param name="Height">The resized image's height in the input.</param>
public sealed record Letterbox(double ScaleX, double ScaleY, int Width, int Height)
{
    /// <summary>
    /// The value of the padding beside an image that does not fill its input: mid-grey, as YOLO pads, so the border is
    /// no brighter or darker than an average image and teaches the network nothing.
    /// </summary>
    public const byte Padding = 114;

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

    /// <summary>The image's width in its own pixels (the scale is the resized width over it, so this undoes it).</summary>
    public int ImageWidth => (int)Math.Round(Width / ScaleX);

    /// <summary>The image's height in its own pixels.</summary>
    public int ImageHeight => (int)Math.Round(Height / ScaleY);
}
