using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Paints an image's backdrop (its split's kind) and the clutter over it: soft blobs and thin lines of any colour, the
/// same in every split. Clutter is what makes "find the coloured region" fail: a detector has to find shapes.
/// </summary>
internal static class BackgroundPainter
{
    // Light backdrops carry dark objects and dark backdrops light ones (see ShapePainter), half and half, so darkness
    // says nothing about which is which.
    private const double DarkShare = 0.5;
    private static readonly (double Min, double Max) s_light = (0.7, 0.92), s_dark = (0.1, 0.3);

    // The two ends of a gradient differ by up to this much lightness and 60° of hue: a visible slope, not a second backdrop.
    private const double LightnessSpread = 0.12, HueSpread = 60;

    /// <summary>Paints the backdrop and clutter; returns whether the backdrop is dark.</summary>
    public static bool Paint(SKCanvas canvas, Random random, StylePalette palette, int size)
    {
        double scale = (double)size / ScenePlanner.ReferenceSize;
        bool dark = random.Chance(DarkShare);
        var (min, max) = dark ? s_dark : s_light;
        double lightness = random.Uniform(min, max), hue = random.Uniform(0, 360);
        var (minSaturation, maxSaturation) = palette.BackgroundSaturation;
        var from = ShapePainter.Hsl(hue, random.Uniform(minSaturation, maxSaturation), lightness);
        var to = ShapePainter.Hsl(hue + random.Uniform(-HueSpread, HueSpread), random.Uniform(minSaturation, maxSaturation),
            Math.Clamp(lightness + random.Uniform(-LightnessSpread, LightnessSpread), min, max));
        using (var paint = new SKPaint())
        {
            paint.Shader = palette.Background switch
            {
                BackgroundKind.LinearGradient => Linear(random, size, from, to),
                BackgroundKind.RadialGradientWithGrid => SKShader.CreateRadialGradient(
                    new SKPoint(random.UniformF(0, size), random.UniformF(0, size)), random.UniformF(0.5 * size, 1.2 * size), [from, to], SKShaderTileMode.Clamp),
                _ => throw new ArgumentOutOfRangeException(nameof(palette), palette.Background, "a backdrop the painter does not know"),
            };
            canvas.DrawRect(0, 0, size, size, paint);
        }
        if (palette.Background == BackgroundKind.RadialGradientWithGrid)
        {
            PaintGrid(canvas, random, size, scale, dark ? lightness + 0.15 : lightness - 0.15, hue);
        }
        PaintBlobs(canvas, random, size, scale);
        PaintLines(canvas, random, size, scale);
        return dark;
    }

    private static SKShader Linear(Random random, int size, SKColor from, SKColor to)
    {
        float angle = random.UniformF(0, 2 * Math.PI), half = size / 2f;
        var d = new SKPoint(half * MathF.Cos(angle), half * MathF.Sin(angle));
        return SKShader.CreateLinearGradient(new SKPoint(half - d.X, half - d.Y), new SKPoint(half + d.X, half + d.Y), [from, to], SKShaderTileMode.Clamp);
    }

    /// <summary>Faint lines every 6 to 14 pixels (at 128 px), slightly tilted: texture, too faint and regular to be a shape.</summary>
    private static void PaintGrid(SKCanvas canvas, Random random, int size, double scale, double lightness, double hue)
    {
        float spacing = random.UniformF(6 * scale, 14 * scale);
        using var paint = new SKPaint
        {
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = (float)scale,
            Color = ShapePainter.Hsl(hue, 0.2, lightness).WithAlpha((byte)random.Next(40, 90)),
        };
        canvas.Save();
        canvas.RotateDegrees(random.UniformF(-20, 20), size / 2f, size / 2f);
        // Tilted, the grid must still cover the corners: draw it over twice the image.
        for (float at = -size; at <= 2 * size; at += spacing)
        {
            canvas.DrawLine(at, -size, at, 2 * size, paint);
            canvas.DrawLine(-size, at, 2 * size, at, paint);
        }
        canvas.Restore();
    }

    /// <summary>Two to five blurred ellipses, 6 to 30 pixels across (at 128 px): patches of colour with no edges to learn.</summary>
    private static void PaintBlobs(SKCanvas canvas, Random random, int size, double scale)
    {
        int count = random.Next(2, 6);
        for (int i = 0; i < count; i++)
        {
            float x = random.UniformF(0, size), y = random.UniformF(0, size);
            float rx = random.UniformF(6 * scale, 30 * scale), ry = random.UniformF(6 * scale, 30 * scale);
            using var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, random.UniformF(2 * scale, 6 * scale));
            using var paint = new SKPaint
            {
                IsAntialias = true,
                MaskFilter = blur,
                Color = ShapePainter.Hsl(random.Uniform(0, 360), random.Uniform(0.2, 0.7), random.Uniform(0.2, 0.8)).WithAlpha((byte)random.Next(90, 170)),
            };
            canvas.DrawOval(x, y, rx, ry, paint);
        }
    }

    /// <summary>Two to seven thin curves across the image: edges of every colour that belong to no shape.</summary>
    private static void PaintLines(SKCanvas canvas, Random random, int size, double scale)
    {
        int count = random.Next(2, 8);
        for (int i = 0; i < count; i++)
        {
            using var path = new SKPath();
            path.MoveTo(random.UniformF(-0.1 * size, 1.1 * size), random.UniformF(-0.1 * size, 1.1 * size));
            path.QuadTo(random.UniformF(0, size), random.UniformF(0, size), random.UniformF(-0.1 * size, 1.1 * size), random.UniformF(-0.1 * size, 1.1 * size));
            using var paint = new SKPaint
            {
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                StrokeCap = SKStrokeCap.Round,
                StrokeWidth = random.UniformF(0.75 * scale, 2 * scale),
                Color = ShapePainter.Hsl(random.Uniform(0, 360), random.Uniform(0, 0.8), random.Uniform(0.1, 0.9)).WithAlpha((byte)random.Next(150, 231)),
            };
            canvas.DrawPath(path, paint);
        }
    }
}
