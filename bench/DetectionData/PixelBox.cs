namespace AutoDL.Bench.DetectionData;

/// <summary>A box on whole pixels, by its edges: pixels <see cref="Left"/> to <see cref="Right"/> − 1 across. Integer
/// edges are what let COCO (x, y, width, height), VOC (1-based inclusive corners) and YOLO (fractions of the image)
/// all describe the same box exactly.</summary>
internal readonly record struct PixelBox(int Left, int Top, int Right, int Bottom)
{
    public int Width => Right - Left;

    public int Height => Bottom - Top;

    public int Area => Width * Height;

    /// <summary>The area this box shares with <paramref name="other"/>.</summary>
    public int OverlapArea(PixelBox other) =>
        Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left)) * Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));

    /// <summary>The part of this box inside a square image of side <paramref name="size"/>.</summary>
    public PixelBox ClipTo(int size) => new(Math.Max(0, Left), Math.Max(0, Top), Math.Min(size, Right), Math.Min(size, Bottom));
}
