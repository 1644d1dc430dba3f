namespace AutoDL.Data;

/// <summary>
/// Turns uint8 CHW images into a normalised float batch, applying the uint8 augmentation on the way.
/// One pass over the bytes: gather, shift, flip and normalise cost no more than the copy itself.
/// </summary>
internal sealed class BatchBuilder
{
    private readonly ImageShape _shape;
    private readonly float[] _scale;
    private readonly float[] _offset;

    public BatchBuilder(ImageShape shape, NormalizationStats stats)
    {
        if (stats.Mean.Length != shape.Channels || stats.Std.Length != shape.Channels)
        {
            throw new ArgumentException($"Normalisation has {stats.Mean.Length} channels but images have {shape.Channels}.", nameof(stats));
        }
        _shape = shape;
        // (b/255 - mean)/std folded into one multiply-add per pixel.
        _scale = new float[shape.Channels];
        _offset = new float[shape.Channels];
        for (int c = 0; c < shape.Channels; c++)
        {
            _scale[c] = 1f / (255f * stats.Std[c]);
            _offset[c] = -stats.Mean[c] / stats.Std[c];
        }
    }

    /// <summary>Writes image <paramref name="pixels"/> normalised, without augmentation, into <paramref name="destination"/>.</summary>
    public void Write(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        int plane = _shape.Height * _shape.Width;
        for (int c = 0; c < _shape.Channels; c++)
        {
            float scale = _scale[c], offset = _offset[c];
            var src = pixels.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                dst[i] = src[i] * scale + offset;
            }
        }
    }

    /// <summary>
    /// Writes image <paramref name="pixels"/> shifted by (<paramref name="dy"/>, <paramref name="dx"/>) — the
    /// equivalent of zero-padding then cropping — and optionally mirrored. Pixels shifted in from outside
    /// are the padding value, black (0) before normalisation.
    /// </summary>
    public void WriteAugmented(ReadOnlySpan<byte> pixels, Span<float> destination, int dy, int dx, bool flip)
    {
        int h = _shape.Height, w = _shape.Width, plane = h * w;
        for (int c = 0; c < _shape.Channels; c++)
        {
            float scale = _scale[c], offset = _offset[c];
            var src = pixels.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            for (int y = 0; y < h; y++)
            {
                int sy = y + dy;
                var row = dst.Slice(y * w, w);
                if ((uint)sy >= (uint)h)
                {
                    row.Fill(offset);
                    continue;
                }
                var srcRow = src.Slice(sy * w, w);
                for (int x = 0; x < w; x++)
                {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    row[x] = (uint)sx < (uint)w ? srcRow[sx] * scale + offset : offset;
                }
            }
        }
    }
}
