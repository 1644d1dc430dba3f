namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// The overlapping windows that cover an image too large for one forward pass, and how much each window's pixels count
/// where windows overlap. A pixel's weight falls linearly towards its window's edge, where the network saw least of its
/// surroundings, so the blended logits come mostly from windows that saw a pixel in context. The weight is a row ramp
/// times a column ramp and every window sits on one grid, so the total weight at a pixel is a row total times a column
/// total (<see cref="RowCoverage"/>, <see cref="ColumnCoverage"/>): no per-pixel weight buffer is kept.
/// </summary>
internal sealed class TileGrid
{
    /// <summary>
    /// Window side: 512 pixels hold several of the widest receptive fields of the backbones at 4 × 512² pixels per pass,
    /// a few hundred MB of activations at most; an image no larger than this runs whole.
    /// </summary>
    public const int DefaultSide = 512;

    /// <summary>Overlap of neighbouring windows: a quarter of a window, a multiple of 32 so every window starts where a whole-image pass's deepest map has a cell edge.</summary>
    public const int DefaultOverlap = 128;

    /// <param name="width">The image's columns.</param>
    /// <param name="height">The image's rows.</param>
    /// <param name="side">The longest window side.</param>
    /// <param name="overlap">How many pixels neighbouring windows share, less than <paramref name="side"/>.</param>
    public TileGrid(int width, int height, int side = DefaultSide, int overlap = DefaultOverlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(side, overlap);
        Width = width;
        Height = height;
        TileWidth = Math.Min(side, width);
        TileHeight = Math.Min(side, height);
        Columns = Starts(width, TileWidth, side - overlap);
        Rows = Starts(height, TileHeight, side - overlap);
        ColumnWeights = Ramp(TileWidth, overlap);
        RowWeights = Ramp(TileHeight, overlap);
        ColumnCoverage = Coverage(width, Columns, ColumnWeights);
        RowCoverage = Coverage(height, Rows, RowWeights);
    }

    /// <summary>The image's columns.</summary>
    public int Width { get; }

    /// <summary>The image's rows.</summary>
    public int Height { get; }

    /// <summary>Columns of every window.</summary>
    public int TileWidth { get; }

    /// <summary>Rows of every window.</summary>
    public int TileHeight { get; }

    /// <summary>The left edge of each column of windows, ascending; the last ends at the image's right edge.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>The top edge of each row of windows, ascending; the last ends at the image's bottom edge.</summary>
    public IReadOnlyList<int> Rows { get; }

    /// <summary>Whether one window is the whole image.</summary>
    public bool IsWhole => Columns.Count == 1 && Rows.Count == 1;

    /// <summary>A window column's weight, by column inside the window.</summary>
    public float[] ColumnWeights { get; }

    /// <summary>A window row's weight, by row inside the window.</summary>
    public float[] RowWeights { get; }

    /// <summary>The sum of column weights of every window over each image column.</summary>
    public float[] ColumnCoverage { get; }

    /// <summary>The sum of row weights of every window over each image row.</summary>
    public float[] RowCoverage { get; }

    private static int[] Starts(int length, int tile, int stride)
    {
        var starts = new List<int> { 0 };
        while (starts[^1] + tile < length)
        {
            // The last window is pulled back to end at the edge rather than hang over it into padding.
            starts.Add(Math.Min(starts[^1] + stride, length - tile));
        }
        return [.. starts];
    }

    private static float[] Ramp(int length, int overlap)
    {
        var weights = new float[length];
        for (int i = 0; i < length; i++)
        {
            int fromEdge = Math.Min(i, length - 1 - i);
            weights[i] = Math.Min(1f, (fromEdge + 1f) / (overlap + 1f));
        }
        return weights;
    }

    private static float[] Coverage(int length, IReadOnlyList<int> starts, float[] weights)
    {
        var total = new float[length];
        foreach (int start in starts)
        {
            for (int i = 0; i < weights.Length; i++)
            {
                total[start + i] += weights[i];
            }
        }
        return total;
    }
}
