using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Decides what an image holds and where: how many objects and distractors, their shapes, sizes and places, and the
/// order they are painted in. Every box lands on whole pixels, and no object is hidden by what is painted over it.
/// </summary>
internal static class ScenePlanner
{
    /// <summary>The image side the sizes below are given for; other sizes scale them.</summary>
    public const int ReferenceSize = 128;

    // A few percent of images hold no object at all, so that "nothing here" is something a detector sees and is scored on.
    private const double EmptyImageShare = 0.03;

    private const int MaxObjects = 6;

    /// <summary>
    /// The objects' longest side in pixels at 128 px, in COCO's proportions of small, medium and large objects
    /// (about 41%, 34% and 24% of its instances) at half COCO's pixel sizes (its small/medium and medium/large
    /// boundaries are 32 and 96 pixels on images about 640 pixels wide).
    /// </summary>
    private static readonly ((double Min, double Max) Range, double Share)[] s_objectSizes = [((8, 16), 0.40), ((16, 40), 0.35), ((40, 80), 0.25)];

    // Distractors are medium or large: at 8 pixels a hexagon is a disc and a short bar a square, which would be label noise.
    private const double MinDistractorSize = 20, MaxDistractorSize = 56;

    private static readonly (int Count, double Weight)[] s_distractorCounts = [(0, 0.3), (1, 0.35), (2, 0.25), (3, 0.1)];

    // What is painted later may cover at most 30% of an earlier object's box: a box that is a third hidden still
    // shows its shape, and two objects' boxes overlap at most that much (IoU ≤ 0.3), well apart for the usual NMS.
    private const double MaxCoveredShare = 0.3;

    // Two shapes in five may run off the image, by up to 30% of their width and height, keeping at least 60% of the box
    // inside: cut by the border, still recognisable. About one object in ten ends up cut (large ones more often), a
    // case a detector must handle without it dominating.
    private const double MayCrossBorderShare = 0.4;
    private const double MaxOutsideShare = 0.3;
    private const double MinVisibleShare = 0.6;

    // Places tried for a shape before it is left out (crowded images with large objects run out of room).
    private const int Attempts = 40;

    // Skia's float geometry puts an edge at 40.00001 rather than 40; without this slack the box would grow a pixel.
    private const double EdgeSlack = 1e-3;

    /// <summary>The shapes of one image, in painting order (objects and distractors mixed).</summary>
    public static IReadOnlyList<PlacedShape> Plan(Random random, int size)
    {
        double scale = (double)size / ReferenceSize;
        int objects = random.Chance(EmptyImageShare) ? 0 : random.Next(1, MaxObjects + 1);
        int distractors = random.PickWeighted(s_distractorCounts);
        var queue = new (ShapeKind Kind, int? ClassIndex)[objects + distractors];
        for (int i = 0; i < objects; i++)
        {
            int c = random.Next(ShapeCatalogue.Classes.Count);
            queue[i] = (ShapeCatalogue.Classes[c], c);
        }
        for (int i = objects; i < queue.Length; i++)
        {
            queue[i] = (random.Pick(ShapeCatalogue.Distractors), null);
        }
        // Painting order is random, so distractors lie under objects as often as over them.
        random.Shuffle(queue);
        var placed = new List<PlacedShape>();
        foreach (var (kind, classIndex) in queue)
        {
            var (min, max) = classIndex is null ? (MinDistractorSize, MaxDistractorSize) : random.PickWeighted(s_objectSizes);
            double longest = random.Uniform(min, max);
            if (Place(random, kind, classIndex, (int)Math.Round(longest * scale), size, placed) is { } shape)
            {
                placed.Add(shape);
            }
        }
        return placed;
    }

    /// <summary>The shape fitted to a box of whole pixels whose longer side is <paramref name="longest"/>, at the first
    /// of <see cref="Attempts"/> random places that hides no earlier object; null when none does.</summary>
    private static PlacedShape? Place(Random random, ShapeKind kind, int? classIndex, int longest, int size, List<PlacedShape> earlier)
    {
        using var outline = kind.Outline(random);
        var bounds = outline.TightBounds;
        double fit = longest / Math.Max(bounds.Width, bounds.Height);
        int width = Math.Max(1, (int)Math.Round(bounds.Width * fit)), height = Math.Max(1, (int)Math.Round(bounds.Height * fit));
        // Stretching each axis by under half a pixel puts the shape's extent exactly on whole pixels.
        float sx = width / bounds.Width, sy = height / bounds.Height;
        double outside = random.Chance(MayCrossBorderShare) ? MaxOutsideShare : 0;
        int marginX = (int)(width * outside), marginY = (int)(height * outside);
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            int left = random.Next(-marginX, size - width + marginX + 1), top = random.Next(-marginY, size - height + marginY + 1);
            var full = new PixelBox(left, top, left + width, top + height);
            if (full.ClipTo(size).Area < MinVisibleShare * full.Area || earlier.Any(e => e.ClassIndex is not null && full.OverlapArea(e.FullBox) > MaxCoveredShare * e.FullBox.Area))
            {
                continue;
            }
            var path = new SKPath(outline);
            path.Transform(SKMatrix.CreateScaleTranslation(sx, sy, left - (bounds.Left * sx), top - (bounds.Top * sy)));
            var box = VisibleBox(path, full, size);
            if (box.Area >= MinVisibleShare * full.Area)
            {
                return new PlacedShape(kind, classIndex, path, full, box);
            }
            path.Dispose();
        }
        return null;
    }

    /// <summary>
    /// The box of the shape's part inside the image. For a shape the border cuts this can be smaller than its whole box
    /// cut to the image: a triangle whose tip leaves the image at a corner shows nothing in that corner.
    /// </summary>
    private static PixelBox VisibleBox(SKPath path, PixelBox full, int size)
    {
        if (full.ClipTo(size) == full)
        {
            return full;
        }
        using var image = new SKPath();
        image.AddRect(new SKRect(0, 0, size, size));
        using var inside = path.Op(image, SKPathOp.Intersect);
        if (inside is null || inside.IsEmpty)
        {
            return default;
        }
        var b = inside.TightBounds;
        // Outward to whole pixels: every pixel the shape touches is in the box.
        return new PixelBox(
            (int)Math.Floor(b.Left + EdgeSlack), (int)Math.Floor(b.Top + EdgeSlack),
            (int)Math.Ceiling(b.Right - EdgeSlack), (int)Math.Ceiling(b.Bottom - EdgeSlack));
    }
}
