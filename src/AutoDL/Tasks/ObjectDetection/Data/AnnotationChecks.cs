using System.Globalization;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// Turns a declared object into one a detector can learn from, or says why it cannot be used: a class the data set
/// does not have, a box with no area, or a box outside its image. The same rules for every format.
/// </summary>
internal static class AnnotationChecks
{
    /// <summary>
    /// How far past its image's edge a box may reach and still be kept (cut back to the edge): annotation tools round,
    /// and VOC's 1-based corners put a box touching the edge half a pixel out in some writers' hands.
    /// </summary>
    public const double EdgeTolerance = 1.0;

    /// <summary>The object in the image's pixels with its class index, or null and the reason in <paramref name="problem"/>.</summary>
    public static ObjectAnnotation? Check(DeclaredObject declared, int width, int height, IReadOnlyDictionary<string, int> classes, out string? problem)
    {
        problem = null;
        if (declared.ClassName is null || !classes.TryGetValue(declared.ClassName, out int label))
        {
            problem = $"class '{declared.ClassName ?? declared.ClassText}' is not one of the data set's {classes.Count} classes";
            return null;
        }
        var box = declared.Normalized
            ? new BoundingBox(declared.Box.X * width, declared.Box.Y * height, declared.Box.Width * width, declared.Box.Height * height)
            : declared.Box;
        if (!(double.IsFinite(box.X) && double.IsFinite(box.Y) && double.IsFinite(box.Width) && double.IsFinite(box.Height)))
        {
            problem = "the box has a coordinate that is not a number";
            return null;
        }
        if (box.Width <= 0 || box.Height <= 0)
        {
            problem = Format($"the box {Describe(box)} has no area");
            return null;
        }
        if (box.X < -EdgeTolerance || box.Y < -EdgeTolerance || box.Right > width + EdgeTolerance || box.Bottom > height + EdgeTolerance)
        {
            problem = Format($"the box {Describe(box)} reaches outside its {width}x{height} image");
            return null;
        }
        double left = Math.Max(0, box.X), top = Math.Max(0, box.Y);
        var inside = BoundingBox.FromCorners(left, top, Math.Min(width, box.Right), Math.Min(height, box.Bottom));
        return new ObjectAnnotation(inside, label) { Ignored = declared.Ignored, Area = declared.Area };
    }

    private static string Describe(BoundingBox box) => Format($"x {box.X:0.##}, y {box.Y:0.##}, width {box.Width:0.##}, height {box.Height:0.##}");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
