namespace AutoDL.Data.Quality;

/// <summary>
/// The 64-bit difference hash (dHash, Krawetz 2013): the image in grey, shrunk to 9×8 by area averaging,
/// one bit per pair of horizontal neighbours (is the left one brighter?). Copies that were re-encoded,
/// resized or lightly edited keep almost every bit; different pictures differ in about half.
/// </summary>
internal static class PerceptualHash
{
    private const int Columns = 9;
    private const int Rows = 8;

    /// <summary>The hash of a uint8 CHW image of <paramref name="shape"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> image, ImageShape shape)
    {
        Span<double> cells = stackalloc double[Columns * Rows];
        Span<int> counts = stackalloc int[Columns * Rows];
        int plane = shape.Height * shape.Width;
        for (int y = 0; y < shape.Height; y++)
        {
            int row = y * Rows / shape.Height;
            for (int x = 0; x < shape.Width; x++)
            {
                int column = x * Columns / shape.Width;
                int pixel = y * shape.Width + x;
                double grey = 0;
                for (int c = 0; c < shape.Channels; c++)
                {
                    grey += image[(c * plane) + pixel];
                }
                cells[(row * Columns) + column] += grey;
                counts[(row * Columns) + column]++;
            }
        }
        ulong hash = 0;
        int bit = 0;
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns - 1; c++)
            {
                int left = (r * Columns) + c;
                // An empty cell (an image narrower than 9 or shorter than 8 pixels) compares as black.
                double a = counts[left] == 0 ? 0 : cells[left] / counts[left];
                double b = counts[left + 1] == 0 ? 0 : cells[left + 1] / counts[left + 1];
                if (a > b)
                {
                    hash |= 1UL << bit;
                }
                bit++;
            }
        }
        return hash;
    }

    /// <summary>
    /// The image in grey, shrunk to <paramref name="side"/>×<paramref name="side"/> by area averaging, with its mean
    /// removed and scaled to unit length: the dot product of two such vectors is their correlation, 1 for the
    /// same picture whatever its brightness. A blank image gives the zero vector, like nothing.
    /// </summary>
    public static float[] Thumbnail(ReadOnlySpan<byte> image, ImageShape shape, int side = 16)
    {
        var cells = new double[side * side];
        var counts = new int[side * side];
        int plane = shape.Height * shape.Width;
        for (int y = 0; y < shape.Height; y++)
        {
            int row = y * side / shape.Height;
            for (int x = 0; x < shape.Width; x++)
            {
                int cell = (row * side) + (x * side / shape.Width);
                for (int c = 0; c < shape.Channels; c++)
                {
                    cells[cell] += image[(c * plane) + (y * shape.Width) + x];
                }
                counts[cell] += shape.Channels;
            }
        }
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = counts[i] == 0 ? 0 : cells[i] / counts[i];
        }
        double mean = cells.Average();
        double norm = Math.Sqrt(cells.Sum(v => (v - mean) * (v - mean)));
        return cells.Select(v => norm < 1e-9 ? 0f : (float)((v - mean) / norm)).ToArray();
    }

    /// <summary>Correlation of two <see cref="Thumbnail"/>s.</summary>
    public static float Similarity(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    /// <summary>Pearson correlation of two images' pixels at full resolution (all channels); 0 when either is blank.</summary>
    public static double Correlation(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double meanA = 0, meanB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= a.Length;
        meanB /= b.Length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i] - meanA, y = b[i] - meanB;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa < 1e-9 || bb < 1e-9 ? 0 : ab / Math.Sqrt(aa * bb);
    }

    /// <summary>Bits that differ.</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}
