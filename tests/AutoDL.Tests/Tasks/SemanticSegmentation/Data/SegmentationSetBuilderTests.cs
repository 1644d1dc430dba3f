using AutoDL.Data;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tests.TestData;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Data;

/// <summary>Images and masks decode at their own size, pixel for pixel; a pair changed since it was listed is skipped, not misread.</summary>
public sealed class SegmentationSetBuilderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("autodl-segmentation-set-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Each_image_is_decoded_at_its_own_size_with_its_mask_and_changed_pairs_are_skipped()
    {
        WritePair("a", 3, 2, (x, y) => new SKColor((byte)(10 * x), (byte)(100 + y), 7), [0, 1, 2, 255, 1, 0]);
        WritePair("b", 1, 1, (_, _) => SKColors.White, [2]);
        WritePair("c", 2, 2, (_, _) => SKColors.Black, [0, 0, 0, 0]);
        var listing = SegmentationImporter.Import(_root);
        // After listing: b's mask is redrawn at another size, c's image is replaced by a larger one.
        File.WriteAllBytes(Path.Combine(_root, "masks", "b.png"), MaskPngs.Gray(2, 1, [0, 0]));
        WriteImage(Path.Combine(_root, "images", "c.png"), 3, 3, (_, _) => SKColors.Black);
        var skipped = new List<SkippedFile>();

        var set = SegmentationSetBuilder.Build(listing.Images, skipped, CancellationToken.None);

        var a = Assert.Single(set);
        Assert.Equal((3, 2), (a.Width, a.Height));
        Assert.Equal([0, 1, 2, 255, 1, 0], a.Mask);
        // CHW: the red plane, then green, then blue, row by row.
        Assert.Equal([0, 10, 20, 0, 10, 20], a.Pixels[..6]);
        Assert.Equal([100, 100, 100, 101, 101, 101], a.Pixels[6..12]);
        Assert.All(a.Pixels[12..], v => Assert.Equal(7, v));
        Assert.Equal(2, skipped.Count);
        Assert.Contains(skipped, s => s.Path.EndsWith("b.png", StringComparison.Ordinal) && s.Reason.Contains("2x1 now", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Path.EndsWith("c.png", StringComparison.Ordinal) && s.Reason.Contains("3x3 now", StringComparison.Ordinal));
    }

    private void WritePair(string name, int width, int height, Func<int, int, SKColor> colour, byte[] labels)
    {
        WriteImage(Path.Combine(_root, "images", name + ".png"), width, height, colour);
        Directory.CreateDirectory(Path.Combine(_root, "masks"));
        File.WriteAllBytes(Path.Combine(_root, "masks", name + ".png"), MaskPngs.Gray(width, height, labels));
    }

    private static void WriteImage(string path, int width, int height, Func<int, int, SKColor> colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, colour(x, y));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
