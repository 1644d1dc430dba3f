using AutoDL.Tasks.SemanticSegmentation.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// Runs an engine over whole images of any size and hands over their final logits, rows at a time: the one pass that
/// validation, fit's test split, <c>evaluate</c> and <c>predict</c> share, so they all see the same masks.
/// </summary>
/// <remarks>
/// Every image is first mirrored out at its right and bottom edges to a multiple of <see cref="Alignment"/>, so each of
/// the network's downsampled maps covers the image exactly: at other sizes a map's last cell covers a part of the image
/// and the decoder's upsampling drifts from the pixels it should land on. An image no larger than a window then runs
/// whole, consecutive ones of one size batched; a larger image runs in the overlapping windows of a
/// <see cref="TileGrid"/>, all starting on the same grid of <see cref="Alignment"/> pixels, so they see the maps a
/// whole-image pass would. Their logits are blended in a band of window height that moves down the image, so memory
/// grows with the image's width, not its area.
/// </remarks>
internal static class PixelLogits
{
    /// <summary>The largest downsampling of any backbone: images are padded to a multiple of it.</summary>
    public const int Alignment = 32;

    /// <summary>Pixels one forward pass takes at most: four full windows.</summary>
    public const int PassPixels = 4 * TileGrid.DefaultSide * TileGrid.DefaultSide;

    /// <summary>Images batched together at most, whatever their size.</summary>
    public const int MaxBatch = 16;

    /// <summary>
    /// Calls <paramref name="consume"/> with each image's index and its logits, every row of every image exactly once,
    /// images in order and each image's rows top to bottom.
    /// </summary>
    /// <param name="engine">Runs the network.</param>
    /// <param name="images">Each image's pixels (3 × height × width bytes, CHW) and size.</param>
    /// <param name="consume">Takes rows of logits; the buffer behind them is reused after it returns.</param>
    /// <param name="side">The window side, a multiple of <see cref="Alignment"/> (tests and benchmarks change it).</param>
    /// <param name="overlap">The windows' overlap, a multiple of <see cref="Alignment"/>.</param>
    public static void Run(ISegmentationEngine engine, IReadOnlyList<(byte[] Pixels, int Width, int Height)> images, Action<int, LogitRows> consume, int side = TileGrid.DefaultSide, int overlap = TileGrid.DefaultOverlap)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(consume);
        if (side % Alignment != 0 || overlap % Alignment != 0)
        {
            throw new ArgumentException($"Windows of {side} pixels overlapping by {overlap} do not keep to the {Alignment}-pixel grid.", nameof(side));
        }
        // Reused from batch to batch (see ISegmentationEngine.Logits).
        byte[] pixels = [];
        float[] logits = [];
        float[] cropped = [];
        int next = 0;
        while (next < images.Count)
        {
            var (_, width, height) = images[next];
            int paddedWidth = Aligned(width), paddedHeight = Aligned(height);
            var grid = new TileGrid(paddedWidth, paddedHeight, side, overlap);
            if (!grid.IsWhole)
            {
                int index = next;
                Tiled(engine, Pad(images[next].Pixels, width, height), grid, width, height, rows => consume(index, rows));
                next++;
                continue;
            }
            int count = 1;
            int perPass = Math.Clamp(PassPixels / (paddedWidth * paddedHeight), 1, MaxBatch);
            while (count < perPass && next + count < images.Count && (images[next + count].Width, images[next + count].Height) == (width, height))
            {
                count++;
            }
            int plane = paddedWidth * paddedHeight;
            int bytes = SegmentedImage.Channels * plane;
            Grow(ref pixels, count * bytes);
            for (int i = 0; i < count; i++)
            {
                Pad(images[next + i].Pixels, width, height).AsSpan(0, bytes).CopyTo(pixels.AsSpan(i * bytes, bytes));
            }
            Grow(ref logits, count * engine.Classes * plane);
            engine.Logits(pixels, count, paddedHeight, paddedWidth, logits);
            int classes = engine.Classes;
            for (int i = 0; i < count; i++)
            {
                if (plane == width * height)
                {
                    consume(next + i, new LogitRows(logits, i * classes * plane, plane, classes, width, 0, height));
                    continue;
                }
                int ownPlane = width * height;
                Grow(ref cropped, classes * ownPlane);
                for (int c = 0; c < classes; c++)
                {
                    for (int y = 0; y < height; y++)
                    {
                        logits.AsSpan((((i * classes) + c) * plane) + (y * paddedWidth), width).CopyTo(cropped.AsSpan((c * ownPlane) + (y * width), width));
                    }
                }
                consume(next + i, new LogitRows(cropped, 0, ownPlane, classes, width, 0, height));
            }
            next += count;
        }
    }

    private static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }
    }

    private static int Aligned(int length) => (length + Alignment - 1) / Alignment * Alignment;

    /// <summary>
    /// The image mirrored out at its right and bottom edges to a multiple of <see cref="Alignment"/> (the image itself
    /// when it is one): a mirror continues edges and textures where zeros or a repeated edge would draw a border.
    /// </summary>
    internal static byte[] Pad(byte[] pixels, int width, int height)
    {
        int paddedWidth = Aligned(width), paddedHeight = Aligned(height);
        if (paddedWidth == width && paddedHeight == height)
        {
            return pixels;
        }
        var padded = new byte[(long)SegmentedImage.Channels * paddedWidth * paddedHeight];
        for (int c = 0; c < SegmentedImage.Channels; c++)
        {
            for (int y = 0; y < paddedHeight; y++)
            {
                int sourceRow = Mirror(y, height);
                var from = pixels.AsSpan(((c * height) + sourceRow) * width, width);
                var into = padded.AsSpan(((c * paddedHeight) + y) * paddedWidth, paddedWidth);
                from.CopyTo(into);
                for (int x = width; x < paddedWidth; x++)
                {
                    into[x] = from[Mirror(x, width)];
                }
            }
        }
        return padded;
    }

    /// <summary>The index <paramref name="i"/> reflected back into 0 … length − 1 about the last pixel, held at 0 when the image is too small to reflect that far.</summary>
    private static int Mirror(int i, int length) => i < length ? i : Math.Max(0, (2 * (length - 1)) - i);

    private static void Tiled(ISegmentationEngine engine, byte[] image, TileGrid grid, int width, int height, Action<LogitRows> consume)
    {
        int classes = engine.Classes;
        int paddedWidth = grid.Width;
        int tileWidth = grid.TileWidth;
        int tileHeight = grid.TileHeight;
        int tilePlane = tileWidth * tileHeight;
        int tileBytes = SegmentedImage.Channels * tilePlane;
        int perPass = Math.Max(1, PassPixels / tilePlane);
        // The band holds the rows of the current row of windows: rows above it are final and handed over before it moves down.
        int plane = tileHeight * paddedWidth;
        var band = new float[(long)classes * plane];
        var final = new float[(long)classes * tileHeight * width];
        var pixels = new byte[(long)perPass * tileBytes];
        var logits = new float[(long)perPass * classes * tilePlane];
        int bandTop = 0;
        foreach (int top in grid.Rows)
        {
            if (top > bandTop)
            {
                Finish(band, final, classes, grid, width, bandTop, Math.Min(top, height) - bandTop, consume);
                Shift(band, plane, classes, paddedWidth, top - bandTop);
                bandTop = top;
            }
            for (int first = 0; first < grid.Columns.Count; first += perPass)
            {
                int count = Math.Min(perPass, grid.Columns.Count - first);
                for (int t = 0; t < count; t++)
                {
                    Crop(image, paddedWidth, grid.Height, grid.Columns[first + t], top, tileWidth, tileHeight, pixels.AsSpan(t * tileBytes, tileBytes));
                }
                engine.Logits(pixels, count, tileHeight, tileWidth, logits);
                for (int t = 0; t < count; t++)
                {
                    int left = grid.Columns[first + t];
                    for (int c = 0; c < classes; c++)
                    {
                        var source = logits.AsSpan(((t * classes) + c) * tilePlane, tilePlane);
                        for (int y = 0; y < tileHeight; y++)
                        {
                            float rowWeight = grid.RowWeights[y];
                            var into = band.AsSpan((c * plane) + (y * paddedWidth) + left, tileWidth);
                            var from = source.Slice(y * tileWidth, tileWidth);
                            for (int x = 0; x < tileWidth; x++)
                            {
                                into[x] += from[x] * rowWeight * grid.ColumnWeights[x];
                            }
                        }
                    }
                }
            }
        }
        Finish(band, final, classes, grid, width, bandTop, height - bandTop, consume);
    }

    /// <summary>
    /// Hands over the band's first <paramref name="rows"/> rows, cut to the image's own width and divided by their total
    /// weight, from <paramref name="final"/> (so the band keeps the padded width it blends in).
    /// </summary>
    private static void Finish(float[] band, float[] final, int classes, TileGrid grid, int width, int top, int rows, Action<LogitRows> consume)
    {
        int bandPlane = grid.TileHeight * grid.Width;
        int plane = rows * width;
        for (int c = 0; c < classes; c++)
        {
            for (int y = 0; y < rows; y++)
            {
                float rowCoverage = grid.RowCoverage[top + y];
                var from = band.AsSpan((c * bandPlane) + (y * grid.Width), width);
                var into = final.AsSpan((c * plane) + (y * width), width);
                for (int x = 0; x < width; x++)
                {
                    into[x] = from[x] / (rowCoverage * grid.ColumnCoverage[x]);
                }
            }
        }
        consume(new LogitRows(final, 0, plane, classes, width, top, rows));
    }

    /// <summary>Moves the band down by <paramref name="rows"/> rows: the rows below them move up, the freed rows are zeroed.</summary>
    private static void Shift(float[] band, int plane, int classes, int width, int rows)
    {
        int kept = plane - (rows * width);
        for (int c = 0; c < classes; c++)
        {
            Array.Copy(band, (c * plane) + (rows * width), band, c * plane, kept);
            Array.Clear(band, (c * plane) + kept, rows * width);
        }
    }

    private static void Crop(byte[] image, int width, int height, int left, int top, int tileWidth, int tileHeight, Span<byte> into)
    {
        for (int channel = 0; channel < SegmentedImage.Channels; channel++)
        {
            for (int y = 0; y < tileHeight; y++)
            {
                image.AsSpan((((channel * height) + top + y) * width) + left, tileWidth).CopyTo(into.Slice(((channel * tileHeight) + y) * tileWidth, tileWidth));
            }
        }
    }
}
