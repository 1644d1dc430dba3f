using AutoDL.Data;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tests.TestData;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Data;

/// <summary>Masks come back as the class indices their files hold, whatever PNG kind wrote them; anything that would be misread is refused.</summary>
public sealed class MaskDecoderTests
{
    [Fact]
    public void An_8_bit_grayscale_mask_gives_its_levels()
    {
        byte[] levels = [0, 1, 2, 3, 20, 255];

        var mask = MaskDecoder.Decode(MaskPngs.Gray(3, 2, levels));

        Assert.Equal((3, 2), (mask.Width, mask.Height));
        Assert.Equal(levels, mask.Labels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_grayscale_mask_of_fewer_bits_gives_its_levels_not_the_decoders_scaled_ones(int bitDepth)
    {
        int top = (1 << bitDepth) - 1;
        byte[] levels = [.. Enumerable.Range(0, 10).Select(i => (byte)(i % (top + 1)))];

        var mask = MaskDecoder.Decode(MaskPngs.Gray(5, 2, levels, bitDepth));

        Assert.Equal(levels, mask.Labels);
    }

    [Fact]
    public void A_Pascal_VOC_palette_mask_gives_its_indices_with_255_for_the_borders()
    {
        byte[] indices = [0, 15, 15, 255, 1, 20, 0, 255];

        var mask = MaskDecoder.Decode(MaskPngs.Palette(4, 2, indices, MaskPngs.VocPalette()));

        Assert.Equal(indices, mask.Labels);
    }

    [Fact]
    public void An_RGB_mask_whose_pixels_are_grey_gives_the_grey_levels()
    {
        var mask = MaskDecoder.Decode(Encode(SKColorType.Rgba8888, (x, y) => new SKColor((byte)(x + y), (byte)(x + y), (byte)(x + y))));

        Assert.Equal([0, 1, 1, 2], mask.Labels);
    }

    [Fact]
    public void A_colour_mask_is_refused_with_what_to_save_instead()
    {
        var error = Assert.Throws<ImageDecodeException>(() => MaskDecoder.Decode(Encode(SKColorType.Rgba8888, (x, _) => x == 0 ? SKColors.Red : SKColors.Black)));

        Assert.Contains("colour PNG mask", error.Message, StringComparison.Ordinal);
        Assert.Contains("class indices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_JPEG_or_a_truncated_PNG_is_refused()
    {
        using var bitmap = new SKBitmap(2, 2);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var png = MaskPngs.Gray(8, 8, new byte[64]);

        Assert.Contains("not a PNG", Assert.Throws<ImageDecodeException>(() => MaskDecoder.Decode(jpeg.ToArray())).Message, StringComparison.Ordinal);
        Assert.Throws<ImageDecodeException>(() => MaskDecoder.Decode(png[..40]));
    }

    private static byte[] Encode(SKColorType colorType, Func<int, int, SKColor> colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 2, colorType, SKAlphaType.Unpremul));
        for (int y = 0; y < 2; y++)
        {
            for (int x = 0; x < 2; x++)
            {
                bitmap.SetPixel(x, y, colour(x, y));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
