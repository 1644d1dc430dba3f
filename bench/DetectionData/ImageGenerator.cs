using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Draws one image of a split, from its own seeded <see cref="Random"/>, and encodes it as PNG; with its segmentation mask
/// (a grayscale PNG, 0 background, 1 + class for each object's pixels) when asked.
/// </summary>
internal static class ImageGenerator
{
    public static (byte[] Png, byte[]? MaskPng, IReadOnlyList<LabelledObject> Objects) Generate(DatasetSplit split, int index, int size, int seed, bool withMask)
    {
        var random = new Random(ImageSeed.For(seed, split.Number, index));
        double scale = (double)size / ScenePlanner.ReferenceSize;
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var maskBitmap = withMask ? new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque)) : null;
        using var maskCanvas = maskBitmap is null ? null : new SKCanvas(maskBitmap);
        maskCanvas?.Clear(SKColors.Black);
        var objects = new List<LabelledObject>();
        using (var canvas = new SKCanvas(bitmap))
        {
            bool dark = BackgroundPainter.Paint(canvas, random, split.Palette, size);
            foreach (var shape in ScenePlanner.Plan(random, size))
            {
                using (shape)
                {
                    // A distractor paints background over whatever it hides.
                    var style = ShapePainter.Paint(canvas, shape, split.Palette, dark, random, scale, maskCanvas, (byte)(shape.ClassIndex is { } label ? label + 1 : 0));
                    if (shape.ClassIndex is { } c)
                    {
                        objects.Add(new LabelledObject(c, shape.Box, shape.Truncated, style));
                    }
                }
            }
        }
        SensorNoise.Add(bitmap, random);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        byte[]? maskPng = null;
        if (maskBitmap is not null)
        {
            maskCanvas!.Flush();
            using var maskData = maskBitmap.Encode(SKEncodedImageFormat.Png, 100);
            maskPng = maskData.ToArray();
        }
        // Annotations list objects left to right, then top to bottom, whatever order they were painted in.
        objects.Sort((a, b) => (a.Box.Left, a.Box.Top, a.ClassIndex).CompareTo((b.Box.Left, b.Box.Top, b.ClassIndex)));
        return (data.ToArray(), maskPng, objects);
    }
}
