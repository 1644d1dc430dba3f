using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using SkiaSharp;

namespace AutoDL.Tests.TestData;

/// <summary>
/// A small segmentation data set written as files, in the images/ and masks/ layout with train/, val/ and test/ and a
/// classes.txt: dark 64 × 48 images holding bright squares and discs, each shape's pixels labelled with its class.
/// </summary>
internal static class MaskScenes
{
    public const int Width = 64;

    public const int Height = 48;

    public static readonly IReadOnlyList<string> ClassNames = ["background", "disc", "square"];

    public static void Write(string root, int train, int validation, int test)
    {
        File.WriteAllLines(Path.Combine(root, "classes.txt"), ClassNames);
        var random = new Random(17);
        foreach (var (split, count) in new[] { ("train", train), ("val", validation), ("test", test) })
        {
            var images = Directory.CreateDirectory(Path.Combine(root, split, "images")).FullName;
            var masks = Directory.CreateDirectory(Path.Combine(root, split, "masks")).FullName;
            for (int n = 0; n < count; n++)
            {
                var (image, mask) = Scene(random);
                File.WriteAllBytes(Path.Combine(images, $"{n:000}.png"), image);
                File.WriteAllBytes(Path.Combine(masks, $"{n:000}.png"), mask);
            }
        }
    }

    private static (byte[] Image, byte[] Mask) Scene(Random random)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var labels = new byte[Width * Height];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                byte v = (byte)random.Next(0, 50);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }
        for (int k = random.Next(1, 4); k > 0; k--)
        {
            int size = random.Next(10, 20);
            int left = random.Next(0, Width - size), top = random.Next(0, Height - size);
            byte label = (byte)random.Next(1, 3);
            double radius = size / 2.0, cx = left + radius, cy = top + radius;
            for (int y = top; y < top + size; y++)
            {
                for (int x = left; x < left + size; x++)
                {
                    if (label == 2 || Math.Pow(x + 0.5 - cx, 2) + Math.Pow(y + 0.5 - cy, 2) <= radius * radius)
                    {
                        labels[(y * Width) + x] = label;
                        byte v = (byte)random.Next(190, 256);
                        bitmap.SetPixel(x, y, new SKColor(v, v, v));
                    }
                }
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), MaskImages.Png(new ClassMask(Width, Height, labels)));
    }
}
