using System.Globalization;
using System.Text;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ObjectDetection;

/// <summary>
/// A detection data set a small detector learns in seconds, written as YOLO files: dark 96 × 64 images (wider than tall,
/// so they are letterboxed) holding one to three bright squares (class "square") or discs ("disc"), 12 to 28 pixels across.
/// </summary>
internal static class ShapeScenes
{
    public const int Width = 96;
    public const int Height = 64;

    public static readonly string[] ClassNames = ["disc", "square"];

    /// <summary>Writes images/{train,val,test} and labels/{...} under <paramref name="root"/>, with data.yaml.</summary>
    public static void WriteYolo(string root, int train, int validation, int test, int seed = 1)
    {
        var random = new Random(seed);
        foreach (var (split, count) in new[] { ("train", train), ("val", validation), ("test", test) })
        {
            for (int n = 0; n < count; n++)
            {
                var (png, boxes) = Scene(random);
                TestImages.Write(Path.Combine(root, "images", split, $"{split}-{n:000}.png"), png);
                var labels = new StringBuilder();
                foreach (var (label, left, top, size) in boxes)
                {
                    labels.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"{label} {(left + (size / 2.0)) / Width:R} {(top + (size / 2.0)) / Height:R} {(double)size / Width:R} {(double)size / Height:R}"));
                }
                TestImages.Write(Path.Combine(root, "labels", split, $"{split}-{n:000}.txt"), Encoding.ASCII.GetBytes(labels.ToString()));
            }
        }
        File.WriteAllText(Path.Combine(root, "data.yaml"), "train: images/train\nval: images/val\ntest: images/test\nnames:\n  - disc\n  - square\n");
    }

    private static (byte[] Png, List<(int Label, int Left, int Top, int Size)> Boxes) Scene(Random random)
    {
        var boxes = new List<(int Label, int Left, int Top, int Size)>();
        for (int k = random.Next(1, 4); k > 0; k--)
        {
            int size = random.Next(12, 29);
            int left = random.Next(0, Width - size), top = random.Next(0, Height - size);
            if (!boxes.Any(b => left < b.Left + b.Size + 2 && b.Left < left + size + 2 && top < b.Top + b.Size + 2 && b.Top < top + size + 2))
            {
                boxes.Add((random.Next(2), left, top, size));
            }
        }
        byte background = (byte)random.Next(10, 50), bright = (byte)random.Next(200, 256);
        var png = TestImages.Encode(Width, Height, (x, y) =>
        {
            foreach (var (label, left, top, size) in boxes)
            {
                double radius = size / 2.0, dx = x + 0.5 - left - radius, dy = y + 0.5 - top - radius;
                bool inside = x >= left && x < left + size && y >= top && y < top + size && (label == 1 || (dx * dx) + (dy * dy) <= radius * radius);
                if (inside)
                {
                    return new SKColor(bright, bright, bright);
                }
            }
            return new SKColor(background, background, background);
        });
        return (png, boxes);
    }
}
