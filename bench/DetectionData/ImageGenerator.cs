using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>Draws one image of a split, from its own seeded <see cref="Random"/>, and encodes it as PNG.</summary>
internal static class ImageGenerator
{
    public static (byte[] Png, IReadOnlyList<LabelledObject> Objects) Generate(DatasetSplit split, int index, int size, int seed)
    {
        var random = new Random(ImageSeed.For(seed, split.Number, index));
        double scale = (double)size / ScenePlanner.ReferenceSize;
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var objects = new List<LabelledObject>();
        using (var canvas = new SKCanvas(bitmap))
        {
            bool dark = BackgroundPainter.Paint(canvas, random, split.Palette, size);
            foreach (var shape in ScenePlanner.Plan(random, size))
            {
                using (shape)
                {
                    var style = ShapePainter.Paint(canvas, shape, split.Palette, dark, random, scale);
                    if (shape.ClassIndex is { } c)
                    {
                        objects.Add(new LabelledObject(c, shape.Box, shape.Truncated, style));
                    }
                }
            }
        }
        SensorNoise.Add(bitmap, random);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        // Annotations list objects left to right, then top to bottom, whatever order they were painted in.
        objects.Sort((a, b) => (a.Box.Left, a.Box.Top, a.ClassIndex).CompareTo((b.Box.Left, b.Box.Top, b.ClassIndex)));
        return (data.ToArray(), objects);
    }
}
