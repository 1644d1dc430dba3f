using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Paints a placed shape, object or distractor alike, in a colour and fill drawn from its split's palette. Everything
/// is painted inside the outline (the outline style too), so the painted pixels never leave the shape's box.
/// </summary>
internal static class ShapePainter
{
    // Lightness (0 black, 1 white) away from the backdrop's: light backdrops are 0.7 to 0.92, dark ones 0.1 to 0.3
    // (see BackgroundPainter), so an object's base colour differs from the backdrop by at least 0.2 in lightness,
    // whatever its hue.
    private static readonly (double Min, double Max) s_onLight = (0.2, 0.5), s_onDark = (0.5, 0.78);

    private const double MinSaturation = 0.6, MaxSaturation = 1.0;

    // The second tone of stripes and checks, and the spread of a shaded fill: visible at a glance, never a new colour.
    private const double ToneStep = 0.2, ShadeSpread = 0.12;

    /// <summary>Stripe period and checker cell, in pixels at 128 px: a few per object even at 8 pixels.</summary>
    private const double MinPeriod = 3, MaxPeriod = 6;

    /// <summary>The hollow style's band, as a share of the shape's longest side: thick enough to read as the shape, thin
    /// enough to leave a hole in a star's or a cross's narrow arms (from 0.14 up they fill solid).</summary>
    private const double MinBand = 0.08, MaxBand = 0.12;

    /// <summary>
    /// Paints <paramref name="shape"/> and returns the fill it was given; when <paramref name="mask"/> is given, also
    /// paints the pixels it covers there with <paramref name="label"/>, hard-edged (a hollow outline's band only), so a
    /// shape painted over another takes its pixels in the mask as in the image. Draws no random number for the mask:
    /// the image is the same with or without it.
    /// </summary>
    public static FillStyle Paint(SKCanvas canvas, PlacedShape shape, StylePalette palette, bool darkBackground, Random random, double scale, SKCanvas? mask = null, byte label = 0)
    {
        var style = random.PickWeighted(palette.Fills);
        int centre = random.Next(palette.Hues.Count);
        double hue = HueOf(random, palette, centre);
        double saturation = random.Uniform(MinSaturation, MaxSaturation);
        var (min, max) = darkBackground ? s_onDark : s_onLight;
        double lightness = random.Uniform(min, max);
        // The second tone moves away from the backdrop, so no part of the object sinks into it.
        double tone = Math.Clamp(lightness + (darkBackground ? ToneStep : -ToneStep), 0.05, 0.95);
        var path = shape.Path;
        var bounds = path.Bounds;
        float outlineBand = 0;
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        switch (style)
        {
            case FillStyle.Solid:
                paint.Color = Hsl(hue, saturation, lightness);
                canvas.DrawPath(path, paint);
                break;
            case FillStyle.Shaded:
                paint.Shader = AcrossBounds(random, bounds, Hsl(hue, saturation, lightness + ShadeSpread), Hsl(hue, saturation, lightness - ShadeSpread));
                canvas.DrawPath(path, paint);
                break;
            case FillStyle.TwoHueGradient:
                {
                    // Another centre of the same palette, never the first one.
                    int other = random.Next(palette.Hues.Count - 1);
                    double otherHue = HueOf(random, palette, other >= centre ? other + 1 : other);
                    paint.Shader = AcrossBounds(random, bounds, Hsl(hue, saturation, lightness), Hsl(otherHue, saturation, lightness));
                    canvas.DrawPath(path, paint);
                    break;
                }
            case FillStyle.Stripes:
                {
                    float period = Period(random, scale);
                    float angle = random.UniformF(0, Math.PI);
                    var step = new SKPoint(period * MathF.Cos(angle), period * MathF.Sin(angle));
                    var a = Hsl(hue, saturation, lightness);
                    var b = Hsl(hue, saturation, tone);
                    // A hard-stopped gradient repeated every period: stripes at any angle with antialiased edges.
                    paint.Shader = SKShader.CreateLinearGradient(new SKPoint(bounds.MidX, bounds.MidY), new SKPoint(bounds.MidX + step.X, bounds.MidY + step.Y),
                        [a, a, b, b], [0, 0.5f, 0.5f, 1], SKShaderTileMode.Repeat);
                    canvas.DrawPath(path, paint);
                    break;
                }
            case FillStyle.Checker:
                PaintChecker(canvas, path, Period(random, scale), random.UniformF(0, 90), Hsl(hue, saturation, lightness), Hsl(hue, saturation, tone));
                break;
            case FillStyle.Outline:
                {
                    int longest = Math.Max(shape.FullBox.Width, shape.FullBox.Height);
                    float band = (float)Math.Max(1.5 * scale, longest * random.Uniform(MinBand, MaxBand));
                    outlineBand = band;
                    paint.Color = Hsl(hue, saturation, lightness);
                    paint.Style = SKPaintStyle.Stroke;
                    paint.StrokeWidth = 2 * band;
                    // A stroke straddles the outline; clipping to the shape keeps its inner half, a band of the chosen width.
                    canvas.Save();
                    canvas.ClipPath(path, SKClipOperation.Intersect, antialias: true);
                    canvas.DrawPath(path, paint);
                    canvas.Restore();
                    break;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(palette), style, "a fill style the painter does not know");
        }
        if (mask is not null)
        {
            PaintMask(mask, path, outlineBand, label);
        }
        return style;
    }

    /// <summary>The shape's pixels in the mask: its whole inside, or for an outline (a band above 0) the band's inner half as painted.</summary>
    private static void PaintMask(SKCanvas mask, SKPath path, float outlineBand, byte label)
    {
        using var paint = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill, Color = new SKColor(label, label, label) };
        if (outlineBand <= 0)
        {
            mask.DrawPath(path, paint);
            return;
        }
        paint.Style = SKPaintStyle.Stroke;
        paint.StrokeWidth = 2 * outlineBand;
        mask.Save();
        mask.ClipPath(path, SKClipOperation.Intersect, antialias: false);
        mask.DrawPath(path, paint);
        mask.Restore();
    }

    public static SKColor Hsl(double hue, double saturation, double lightness) =>
        SKColor.FromHsl((float)(((hue % 360) + 360) % 360), (float)(100 * Math.Clamp(saturation, 0, 1)), (float)(100 * Math.Clamp(lightness, 0, 1)));

    private static double HueOf(Random random, StylePalette palette, int centre) =>
        palette.Hues[centre] + random.Uniform(-palette.HueJitter, palette.HueJitter);

    private static float Period(Random random, double scale) => (float)Math.Max(2, random.Uniform(MinPeriod, MaxPeriod) * scale);

    /// <summary>A gradient from one side of the shape to the other, in a random direction.</summary>
    private static SKShader AcrossBounds(Random random, SKRect bounds, SKColor from, SKColor to)
    {
        float angle = random.UniformF(0, 2 * Math.PI);
        float reach = Math.Max(bounds.Width, bounds.Height) / 2;
        var d = new SKPoint(reach * MathF.Cos(angle), reach * MathF.Sin(angle));
        return SKShader.CreateLinearGradient(new SKPoint(bounds.MidX - d.X, bounds.MidY - d.Y), new SKPoint(bounds.MidX + d.X, bounds.MidY + d.Y), [from, to], SKShaderTileMode.Clamp);
    }

    private static void PaintChecker(SKCanvas canvas, SKPath path, float cell, float degrees, SKColor a, SKColor b)
    {
        var bounds = path.Bounds;
        using var paint = new SKPaint { IsAntialias = true, Color = a };
        canvas.Save();
        canvas.ClipPath(path, SKClipOperation.Intersect, antialias: true);
        canvas.DrawPath(path, paint);
        paint.Color = b;
        // Rotated about the shape's centre, the grid must reach the corners of the box: cover the box's diagonal.
        canvas.RotateDegrees(degrees, bounds.MidX, bounds.MidY);
        int reach = (int)Math.Ceiling(Math.Sqrt((bounds.Width * bounds.Width) + (bounds.Height * bounds.Height)) / 2 / cell) + 1;
        for (int i = -reach; i < reach; i++)
        {
            for (int j = -reach; j < reach; j++)
            {
                if (((i + j) & 1) == 0)
                {
                    canvas.DrawRect(bounds.MidX + (i * cell), bounds.MidY + (j * cell), cell, cell, paint);
                }
            }
        }
        canvas.Restore();
    }
}
