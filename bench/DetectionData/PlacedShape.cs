using SkiaSharp;

namespace AutoDL.Bench.DetectionData;

/// <summary>A shape the planner has put in the image, ready to paint.</summary>
/// <param name="Kind">What shape it is.</param>
/// <param name="ClassIndex">Its class's position in <see cref="ShapeCatalogue.Classes"/>, or null for a distractor.</param>
/// <param name="Path">Its outline in image pixels.</param>
/// <param name="FullBox">Its whole extent, which may run past the image's edges.</param>
/// <param name="Box">The extent of its part inside the image: the annotated box.</param>
internal sealed record PlacedShape(ShapeKind Kind, int? ClassIndex, SKPath Path, PixelBox FullBox, PixelBox Box) : IDisposable
{
    /// <summary>Whether the image's edge cuts the shape (VOC's <c>truncated</c>).</summary>
    public bool Truncated => Box != FullBox;

    public void Dispose() => Path.Dispose();
}
