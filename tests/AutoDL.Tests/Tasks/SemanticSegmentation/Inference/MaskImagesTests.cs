using AutoDL.Data;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Inference;

/// <summary>Predicted masks written as files: a grayscale PNG that reads back as the same mask, and a colour overlay.</summary>
public sealed class MaskImagesTests
{
    [Fact]
    public void A_mask_png_reads_back_as_the_same_class_indices()
    {
        var labels = new byte[37 * 5];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = (byte)(i % 7);
        }
        var mask = new ClassMask(37, 5, labels);

        var read = MaskDecoder.Decode(MaskImages.Png(mask));

        Assert.Equal((37, 5), (read.Width, read.Height));
        Assert.Equal(labels, read.Labels);
    }

    [Fact]
    public void The_overlay_is_the_image_tinted_with_vocs_colour_for_each_class()
    {
        // A white 16 × 8 image: its left half class 0 (black in VOC's map), its right half class 1 (VOC's dark red).
        const int Width = 16, Height = 8;
        var pixels = Enumerable.Repeat((byte)255, 3 * Width * Height).ToArray();
        var mask = new ClassMask(Width, Height, [.. Enumerable.Range(0, Width * Height).Select(p => (byte)(p % Width < Width / 2 ? 0 : 1))]);

        var overlay = ImageDecoder.Decode(MaskImages.OverlayJpeg(pixels, mask, quality: 100), new ImageShape(3, Height, Width));

        // 55 % white + 45 % colour: (140, 140, 140) over black, (198, 140, 140) over (128, 0, 0); JPEG rounds a little.
        int plane = Width * Height, left = (4 * Width) + 2, right = (4 * Width) + 13;
        Assert.All(new[] { (overlay[left], 140), (overlay[plane + left], 140), (overlay[right], 198), (overlay[plane + right], 140), (overlay[(2 * plane) + right], 140) }, p => Assert.InRange(p.Item1, p.Item2 - 8, p.Item2 + 8));
        Assert.Equal((0, 0, 0), MaskPalette.Colour(0));
        Assert.Equal((128, 0, 0), MaskPalette.Colour(1));
        Assert.Equal((0, 128, 0), MaskPalette.Colour(2));
        Assert.Equal((64, 0, 0), MaskPalette.Colour(8));
    }

    [Fact]
    public void Shares_count_each_class_over_every_pixel_and_unscored_pixels_towards_none()
    {
        var mask = new ClassMask(4, 1, [0, 2, 2, 255]);

        Assert.Equal([0.25, 0, 0.5], mask.Shares(3));
    }
}
