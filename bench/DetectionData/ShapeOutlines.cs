using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// The outlines of every shape, around the origin at about unit radius, each with its own random proportions and
/// rotation. The ranges keep every class recognisable at 8 pixels and keep each distractor clearly unlike every class
/// (an ellipse never as round as a disc, a bar never as square as a square).
/// </summary>
internal static class ShapeOutlines
{
    public static SKPath Disc(Random random)
    {
        var path = new SKPath();
        path.AddCircle(0, 0, 1);
        return path;
    }

    public static SKPath Square(Random random) => Polygon(random, 90, (-1, -1), (1, -1), (1, 1), (-1, 1));

    /// <summary>Corners on a circle, 120° apart give or take 20°: every angle between 40° and 80°, never a sliver.</summary>
    public static SKPath Triangle(Random random)
    {
        double a = 0, b = 120 + random.Uniform(-20, 20), c = 240 + random.Uniform(-20, 20);
        return Polygon(random, 360, Around(a, 1), Around(b, 1), Around(c, 1));
    }

    /// <summary>A plus sign whose arms are 0.28 to 0.4 of its span thick: thinner arms vanish at 8 pixels, thicker
    /// ones make a square with notches.</summary>
    public static SKPath Cross(Random random)
    {
        double t = random.Uniform(0.28, 0.4);
        return Polygon(random, 90,
            (-t, -1), (t, -1), (t, -t), (1, -t), (1, t), (t, t), (t, 1), (-t, 1), (-t, t), (-1, t), (-1, -t), (-t, -t));
    }

    /// <summary>A five-pointed star whose inner corners lie at 0.38 to 0.5 of its outer radius: deeper and the points
    /// become lines at small sizes, shallower and it reads as a pentagon.</summary>
    public static SKPath Star(Random random)
    {
        double inner = random.Uniform(0.38, 0.5);
        var corners = Enumerable.Range(0, 10).Select(i => Around(i * 36, i % 2 == 0 ? 1 : inner)).ToArray();
        return Polygon(random, 72, corners);
    }

    /// <summary>A rectangle 2.5 to 5 times as long as wide: never mistaken for a square.</summary>
    public static SKPath Bar(Random random)
    {
        double h = random.Uniform(0.2, 0.4);
        return Polygon(random, 180, (-1, -h), (1, -h), (1, h), (-1, h));
    }

    /// <summary>An ellipse 1.8 to 3 times as long as wide: never mistaken for a disc.</summary>
    public static SKPath Ellipse(Random random)
    {
        float h = random.UniformF(0.33, 0.55);
        var path = new SKPath();
        path.AddOval(new SKRect(-1, -h, 1, h));
        return Rotated(path, random.Uniform(0, 180));
    }

    public static SKPath Hexagon(Random random) => Polygon(random, 60, [.. Enumerable.Range(0, 6).Select(i => Around(i * 60, 1))]);

    /// <summary>A disc with a bite of a third to over half its width taken out of one side.</summary>
    public static SKPath Crescent(Random random)
    {
        var disc = new SKPath();
        disc.AddCircle(0, 0, 1);
        using var bite = new SKPath();
        bite.AddCircle(random.UniformF(0.45, 0.75), 0, random.UniformF(0.8, 1.0));
        var crescent = disc.Op(bite, SKPathOp.Difference) ?? throw new InvalidOperationException("Skia could not subtract two circles.");
        disc.Dispose();
        return Rotated(crescent, random.Uniform(0, 360));
    }

    public static SKPath Semicircle(Random random)
    {
        var path = new SKPath();
        path.AddArc(new SKRect(-1, -1, 1, 1), 0, 180);
        path.Close();
        return Rotated(path, random.Uniform(0, 360));
    }

    /// <summary>An L whose arms are 0.35 to 0.55 of its span thick: a corner of a square or half a cross, which is
    /// exactly what a detector that only looks at edges would take for one.</summary>
    public static SKPath LShape(Random random)
    {
        double t = -1 + (2 * random.Uniform(0.35, 0.55));
        return Polygon(random, 360, (-1, -1), (t, -1), (t, t), (1, t), (1, 1), (-1, 1));
    }

    private static (double X, double Y) Around(double degrees, double radius)
    {
        // Start at the top, so an unrotated triangle or star points up.
        double radians = (degrees - 90) * Math.PI / 180;
        return (radius * Math.Cos(radians), radius * Math.Sin(radians));
    }

    /// <summary>A closed polygon, rotated by a random angle below <paramref name="symmetry"/> degrees: beyond that the
    /// shape looks the same again, so a smaller range covers every pose.</summary>
    private static SKPath Polygon(Random random, double symmetry, params (double X, double Y)[] corners)
    {
        var path = new SKPath();
        path.AddPoly([.. corners.Select(c => new SKPoint((float)c.X, (float)c.Y))], close: true);
        return Rotated(path, random.Uniform(0, symmetry));
    }

    private static SKPath Rotated(SKPath path, double degrees)
    {
        path.Transform(SKMatrix.CreateRotationDegrees((float)degrees));
        return path;
    }
}
