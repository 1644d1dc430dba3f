using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>Gaussian noise on every pixel and channel, as a camera adds: edges are never perfectly clean, so a detector
/// cannot key on Skia's exact antialiasing.</summary>
internal static class SensorNoise
{
    // Standard deviation, in 0..255 levels, drawn per image: from none to clearly grainy, never hiding an 8-pixel shape.
    private const double MaxSigma = 8;

    public static void Add(SKBitmap bitmap, Random random)
    {
        double sigma = random.Uniform(0, MaxSigma);
        var pixels = bitmap.GetPixelSpan();
        int bytesPerPixel = bitmap.BytesPerPixel;
        for (int y = 0; y < bitmap.Height; y++)
        {
            var row = pixels.Slice(y * bitmap.RowBytes, bitmap.Width * bytesPerPixel);
            for (int x = 0; x < row.Length; x += bytesPerPixel)
            {
                // Red, green and blue; the fourth byte is alpha, opaque.
                for (int c = 0; c < 3; c++)
                {
                    row[x + c] = (byte)Math.Clamp(Math.Round(row[x + c] + (sigma * random.Gaussian())), 0, 255);
                }
            }
        }
    }
}
