using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tests.Data;

public sealed class MirrorSymmetryTests
{
    /// <summary>Classes of 12×12 images, each drawn by <paramref name="lit"/>(class, y, x), with a little noise.</summary>
    private static ImageDataset Shapes(int classes, Func<int, int, int, bool> lit)
    {
        var random = new Random(0);
        var shape = new ImageShape(1, 12, 12);
        int count = classes * 20;
        var pixels = new byte[count * shape.PixelCount];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % classes;
            for (int y = 0; y < 12; y++)
            {
                for (int x = 0; x < 12; x++)
                {
                    pixels[i * shape.PixelCount + y * 12 + x] = (byte)((lit(labels[i], y, x) ? 200 : 30) + random.Next(20));
                }
            }
        }
        return new ImageDataset(pixels, labels, Enumerable.Range(0, classes).Select(k => $"c{k}").ToArray(), shape);
    }

    [Fact]
    public void Shapes_symmetric_about_the_vertical_axis_look_safe_to_flip()
    {
        // Centred bars of different widths and heights: garments, faces, vehicles seen from the front.
        var data = Shapes(4, (k, y, x) => Math.Abs(x - 5.5) < 1 + k && y > k);

        Assert.True(MirrorSymmetry.LooksSafe(data, data.Labels, data.ClassNames.Count), $"score {MirrorSymmetry.Score(data, data.Labels, data.ClassNames.Count):0.00}");
    }

    [Fact]
    public void Classes_that_are_each_others_mirror_images_like_b_and_d_do_not()
    {
        // A left bar and a right bar, an L and a J: mirroring turns each class into another.
        var data = Shapes(4, (k, y, x) => k switch
        {
            0 => x < 4,
            1 => x >= 8,
            2 => x is 2 or 3 || (y >= 9 && x < 9),
            _ => x is 8 or 9 || (y >= 9 && x > 2),
        });

        Assert.False(MirrorSymmetry.LooksSafe(data, data.Labels, data.ClassNames.Count), $"score {MirrorSymmetry.Score(data, data.Labels, data.ClassNames.Count):0.00}");
    }
}
