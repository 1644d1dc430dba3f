using AutoDL.Data;

namespace AutoDL.Inference;

/// <summary>Seeded images of uniformly random pixels: inputs for timing and for comparing engines when no real images are at hand.</summary>
internal static class RandomImages
{
    public static byte[][] Create(ImageShape shape, int count, int seed)
    {
        var random = new Random(seed);
        var images = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            images[i] = new byte[shape.PixelCount];
            random.NextBytes(images[i]);
        }
        return images;
    }
}
