namespace AutoDL.Data;

/// <summary>The shape of one image as the networks see it: channels × height × width.</summary>
/// <param name="Channels">1 for grayscale, 3 for colour (RGB).</param>
/// <param name="Height">Rows of pixels.</param>
/// <param name="Width">Columns of pixels.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Bytes one image takes in the uint8 cache.</summary>
    public int PixelCount => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
