namespace AutoDL.Data;

/// <summary>What an image file declares about itself before any pixel is decoded.</summary>
/// <param name="Width">Columns of pixels.</param>
/// <param name="Height">Rows of pixels.</param>
/// <param name="IsGray8">The file stores one grey channel (so it is grayscale without looking at pixels).</param>
public readonly record struct ImageHeader(int Width, int Height, bool IsGray8)
{
    /// <summary>The larger of width and height.</summary>
    public int LargerSide => Math.Max(Width, Height);
}
