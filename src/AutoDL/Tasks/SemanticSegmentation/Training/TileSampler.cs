using AutoDL.Data;
using AutoDL.Tasks.SemanticSegmentation.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Training;

/// <summary>
/// Cuts a square training tile from a whole image at a random place, its mask with it, mirrors both half the time and
/// varies the image's brightness, and writes the tile normalised. An image narrower or shorter than the tile sits at the
/// top left, the rest padded (<see cref="Letterbox.Padding"/> in the image, 255 — not scored — in the mask). Tiles at
/// the image's own resolution: the network learns the scale it will predict at, and large scenes are predicted in tiles too.
/// </summary>
internal sealed class TileSampler
{
    private readonly int _side;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly SegmentationAugmentation _augmentation;
    private readonly Random _random;

    public TileSampler(int side, NormalizationStats normalization, SegmentationAugmentation augmentation, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentNullException.ThrowIfNull(normalization);
        _side = side;
        _augmentation = augmentation;
        _random = random;
        // (b/255 - mean)/std folded into one multiply-add per pixel, as the classifier's batches are built.
        _scale = [.. normalization.Std.Select(s => 1f / (255f * s))];
        _offset = [.. normalization.Mean.Zip(normalization.Std, (m, s) => -m / s)];
    }

    /// <summary>Writes one tile of <paramref name="image"/>: 3 × side × side normalised floats and side × side labels.</summary>
    public void Write(SegmentedImage image, Span<float> pixels, Span<long> mask)
    {
        ArgumentNullException.ThrowIfNull(image);
        int side = _side;
        int left = image.Width > side ? _random.Next(image.Width - side + 1) : 0;
        int top = image.Height > side ? _random.Next(image.Height - side + 1) : 0;
        bool flip = _augmentation.HorizontalFlip && _random.Next(2) == 1;
        float gain = _augmentation.Brightness > 0 ? (float)(1 + (_augmentation.Brightness * ((2 * _random.NextDouble()) - 1))) : 1f;
        int width = Math.Min(side, image.Width), height = Math.Min(side, image.Height);
        int plane = image.Width * image.Height;
        for (int c = 0; c < SegmentedImage.Channels; c++)
        {
            float scale = _scale[c], offset = _offset[c];
            float padding = (Letterbox.Padding * scale) + offset;
            var tile = pixels.Slice(c * side * side, side * side);
            tile.Fill(padding);
            for (int y = 0; y < height; y++)
            {
                var row = image.Pixels.AsSpan((c * plane) + ((top + y) * image.Width) + left, width);
                for (int x = 0; x < width; x++)
                {
                    // Mirrored within the tile's content, so padding stays on the right.
                    tile[(y * side) + (flip ? width - 1 - x : x)] = (Math.Min(row[x] * gain, 255f) * scale) + offset;
                }
            }
        }
        mask.Fill(SegmentationLoss.Ignore);
        for (int y = 0; y < height; y++)
        {
            var row = image.Mask.AsSpan(((top + y) * image.Width) + left, width);
            for (int x = 0; x < width; x++)
            {
                mask[(y * side) + (flip ? width - 1 - x : x)] = row[x];
            }
        }
    }
}
