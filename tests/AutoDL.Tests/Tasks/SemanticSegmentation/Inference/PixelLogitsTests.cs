using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// The pass every segmentation prediction goes through: images padded to the 32-pixel grid, small ones batched, large ones
/// in blended windows, and every pixel's logits handed over once, at the image's own size.
/// </summary>
public sealed class PixelLogitsTests
{
    private const int Classes = 3;

    [Fact]
    public void Windowed_logits_of_a_large_unaligned_image_equal_the_whole_images_where_the_network_sees_only_the_pixel()
    {
        var (pixels, width, height) = RandomImage(203, 141, seed: 1);
        var engine = new PointwiseEngine(Classes);

        var rows = Collect(engine, [(pixels, width, height)], side: 64, overlap: 32);

        // Windows of 64 over the image padded to 224 × 160: 6 columns × 4 rows of windows, in passes of several.
        Assert.All(engine.Calls, call => Assert.Equal((64, 64), (call.Height, call.Width)));
        Assert.Equal(6 * 4, engine.Calls.Sum(call => call.Count));
        Assert.All(rows, r => Assert.Equal(0, r.Index));
        var (logits, covered) = Join(rows, width);
        Assert.Equal(height, covered);
        int plane = width * height;
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < Classes; c++)
            {
                float expected = PointwiseEngine.Logit(c, pixels[p], pixels[plane + p], pixels[(2 * plane) + p]);
                Assert.Equal(expected, logits[c][p], 3);
            }
        }
    }

    [Fact]
    public void Small_images_of_one_size_run_as_one_padded_batch_and_each_is_handed_over_whole_at_its_own_size()
    {
        var images = new[] { RandomImage(50, 30, 1), RandomImage(50, 30, 2), RandomImage(64, 64, 3), RandomImage(50, 30, 4) };
        var engine = new PointwiseEngine(Classes);

        var rows = Collect(engine, images, side: 512, overlap: 128);

        // Padded to 64 × 32; the aligned 64 × 64 one runs alone and breaks the run of equal sizes.
        Assert.Equal([(2, 32, 64), (1, 64, 64), (1, 32, 64)], engine.Calls);
        Assert.Equal([0, 1, 2, 3], rows.Select(r => r.Index));
        for (int i = 0; i < images.Length; i++)
        {
            var (pixels, width, height) = images[i];
            var (index, top, count, rowWidth, values) = rows[i];
            Assert.Equal((0, height, width), (top, count, rowWidth));
            Assert.Equal(PointwiseEngine.Logit(2, pixels[width - 1], pixels[(width * height) + width - 1], pixels[(2 * width * height) + width - 1]), values[2][width - 1], 3);
        }
    }

    [Fact]
    public void Padding_mirrors_the_image_about_its_last_row_and_column()
    {
        // A 2 × 3 image of one channel value per pixel, in three channels.
        byte[] pixels = [.. Enumerable.Range(0, 3).SelectMany(c => new byte[] { 1, 2, 3, 4, 5, 6 })];

        var padded = PixelLogits.Pad(pixels, width: 3, height: 2);

        Assert.Equal(3 * 32 * 32, padded.Length);
        Assert.Equal([1, 2, 3, 2, 1, 1], padded.AsSpan(0, 6).ToArray());
        Assert.Equal([4, 5, 6, 5, 4, 4], padded.AsSpan(32, 6).ToArray());
        // Row 2 mirrors row 0 about row 1; row 3 has nothing further to mirror and holds at row 0.
        Assert.Equal([1, 2, 3], padded.AsSpan(64, 3).ToArray());
        Assert.Equal([1, 2, 3], padded.AsSpan(96, 3).ToArray());
    }

    [Fact]
    public void Windows_off_the_32_pixel_grid_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PixelLogits.Run(new PointwiseEngine(Classes), [RandomImage(40, 40, 1)], (_, _) => { }, side: 100, overlap: 32));
    }

    private static (byte[] Pixels, int Width, int Height) RandomImage(int width, int height, int seed)
    {
        var pixels = new byte[3 * width * height];
        new Random(seed).NextBytes(pixels);
        return (pixels, width, height);
    }

    private static List<(int Index, int Top, int Count, int Width, float[][] Values)> Collect(PointwiseEngine engine, IReadOnlyList<(byte[] Pixels, int Width, int Height)> images, int side, int overlap)
    {
        var rows = new List<(int, int, int, int, float[][])>();
        PixelLogits.Run(engine, images, (index, r) => rows.Add((index, r.Top, r.Count, r.Width, [.. Enumerable.Range(0, r.Classes).Select(c => Enumerable.Range(0, r.Pixels).Select(p => r.At(c, p)).ToArray())])), side, overlap);
        return rows;
    }

    /// <summary>An image's bands joined top to bottom, checking each starts where the last ended; returns the rows covered.</summary>
    private static (float[][] Logits, int Rows) Join(IEnumerable<(int Index, int Top, int Count, int Width, float[][] Values)> bands, int width)
    {
        var logits = Enumerable.Range(0, Classes).Select(_ => new List<float>()).ToArray();
        int next = 0;
        foreach (var (_, top, count, rowWidth, values) in bands)
        {
            Assert.Equal(next, top);
            Assert.Equal(width, rowWidth);
            for (int c = 0; c < Classes; c++)
            {
                logits[c].AddRange(values[c]);
            }
            next += count;
        }
        return ([.. logits.Select(l => l.ToArray())], next);
    }
}
