namespace AutoDL.Bench.DetectionData;

/// <summary>The shapes the data set is made of: five classes and six distractors.</summary>
internal static class ShapeCatalogue
{
    /// <summary>
    /// The classes, sorted by name, so that a class's index is its position in this list in every format (COCO's
    /// category id is the index + 1, YOLO's class number the index). There is no ring: the test split's outline-only
    /// style would turn a disc into one.
    /// </summary>
    public static readonly IReadOnlyList<ShapeKind> Classes =
    [
        .. new ShapeKind[]
        {
            new("cross", ShapeOutlines.Cross),
            new("disc", ShapeOutlines.Disc),
            new("square", ShapeOutlines.Square),
            new("star", ShapeOutlines.Star),
            new("triangle", ShapeOutlines.Triangle),
        }.OrderBy(kind => kind.Name, StringComparer.Ordinal),
    ];

    /// <summary>
    /// Shapes drawn in the same colours and fills as the objects but never annotated, so that a detector has to learn
    /// the classes' shapes rather than "anything coloured": each is near one class (bar and square, ellipse, crescent,
    /// semicircle and hexagon and disc, L and cross or square) without being one.
    /// </summary>
    public static readonly IReadOnlyList<ShapeKind> Distractors =
    [
        new("bar", ShapeOutlines.Bar),
        new("crescent", ShapeOutlines.Crescent),
        new("ellipse", ShapeOutlines.Ellipse),
        new("hexagon", ShapeOutlines.Hexagon),
        new("l-shape", ShapeOutlines.LShape),
        new("semicircle", ShapeOutlines.Semicircle),
    ];

    public static IReadOnlyList<string> ClassNames { get; } = [.. Classes.Select(kind => kind.Name)];
}
