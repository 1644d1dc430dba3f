namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// A colour per class for drawing masks: Pascal VOC's colour map, so class 0 is black and the first classes are the
/// reds, greens and blues a VOC user already reads (each class index's bits spread over the high bits of R, G and B).
/// </summary>
internal static class MaskPalette
{
    /// <summary>Class <paramref name="label"/>'s colour as (R, G, B).</summary>
    public static (byte R, byte G, byte B) Colour(int label)
    {
        int r = 0, g = 0, b = 0;
        int bits = label;
        for (int shift = 7; shift >= 0 && bits > 0; shift--)
        {
            r |= (bits & 1) << shift;
            g |= ((bits >> 1) & 1) << shift;
            b |= ((bits >> 2) & 1) << shift;
            bits >>= 3;
        }
        return ((byte)r, (byte)g, (byte)b);
    }
}
