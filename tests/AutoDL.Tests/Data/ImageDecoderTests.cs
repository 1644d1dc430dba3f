using AutoDL.Data;
using SkiaSharp;

namespace AutoDL.Tests.Data;

public sealed class ImageDecoderTests
{
    [Fact]
    public void Decode_writes_red_green_blue_planes_in_chw_order()
    {
        // Given a 4x2 PNG whose left half is red and right half blue
        var png = TestImages.Encode(4, 2, (x, _) => x < 2 ? SKColors.Red : SKColors.Blue);

        // When it is decoded at its own size
        var pixels = ImageDecoder.Decode(png, new ImageShape(3, 2, 4));

        // Then the red plane comes first, then green, then blue
        Assert.Equal(new byte[] { 255, 255, 0, 0, 255, 255, 0, 0 }, pixels[0..8]);
        Assert.All(pixels[8..16], v => Assert.Equal(0, v));
        Assert.Equal(new byte[] { 0, 0, 255, 255, 0, 0, 255, 255 }, pixels[16..24]);
    }

    [Fact]
    public void Decode_composites_transparent_pixels_on_white()
    {
        // Given a fully transparent "black" image and a half-transparent black one
        var clear = TestImages.Encode(2, 2, (_, _) => new SKColor(0, 0, 0, 0));
        var half = TestImages.Encode(2, 2, (_, _) => new SKColor(0, 0, 0, 128));

        // When both are decoded
        var clearPixels = ImageDecoder.Decode(clear, new ImageShape(3, 2, 2));
        var halfPixels = ImageDecoder.Decode(half, new ImageShape(1, 2, 2));

        // Then transparency shows the white page, not the hidden black
        Assert.All(clearPixels, v => Assert.Equal(255, v));
        Assert.All(halfPixels, v => Assert.InRange(v, 125, 129));
    }

    [Fact]
    public void Decode_scales_the_shorter_side_and_crops_the_centre()
    {
        // Given a 30x10 image: black, then a white middle third, then black
        var png = TestImages.Encode(30, 10, (x, _) => x is >= 10 and < 20 ? SKColors.White : SKColors.Black);

        // When it is decoded to 5x5
        var pixels = ImageDecoder.Decode(png, new ImageShape(1, 5, 5));

        // Then only the white middle survives: the sides were cropped, not squeezed in
        Assert.All(pixels, v => Assert.True(v >= 200, $"pixel {v} should be white-ish"));
    }

    [Fact]
    public void Decode_reads_jpeg_webp_bmp_and_gif()
    {
        var shape = new ImageShape(3, 8, 8);
        var jpeg = TestImages.Encode(8, 8, (_, _) => SKColors.Green, SKEncodedImageFormat.Jpeg);
        var webp = TestImages.Encode(8, 8, (_, _) => SKColors.Green, SKEncodedImageFormat.Webp);
        var bmp = TestImages.Bmp(8, 8, SKColors.Green);

        foreach (var encoded in new[] { jpeg, webp, bmp })
        {
            var pixels = ImageDecoder.Decode(encoded, shape);
            Assert.InRange(pixels[64 + 27], 120, 136); // green plane, Skia's Green is (0, 128, 0)
            Assert.InRange(pixels[27], 0, 8);
        }
        Assert.All(ImageDecoder.Decode(TestImages.WhiteGif1x1, new ImageShape(3, 1, 1)), v => Assert.Equal(255, v));
    }

    [Fact]
    public void Decode_of_a_large_jpeg_takes_the_downscaled_path_and_keeps_the_centre()
    {
        // Given a 2400x1600 JPEG (libjpeg can decode it at 1/8 size): a green centre square on red
        var jpeg = TestImages.Encode(2400, 1600, (x, y) => x is >= 800 and < 1600 && y is >= 400 and < 1200 ? SKColors.Lime : SKColors.Red, SKEncodedImageFormat.Jpeg);

        // When it is decoded to 16x16
        var pixels = ImageDecoder.Decode(jpeg, new ImageShape(3, 16, 16));

        // Then the crop spans the middle 1600x1600: red at the left edge, green in the centre
        int centre = (8 * 16) + 8;
        Assert.True(pixels[16 * 8] > 200 && pixels[256 + (16 * 8)] < 60, "left edge should be red");
        Assert.True(pixels[centre] < 60 && pixels[256 + centre] > 200, "centre should be green");
    }

    [Fact]
    public void IsGrayscale_accepts_gray8_files_and_colour_files_whose_pixels_are_grey()
    {
        var gray8 = TestImages.Encode(3, 3, (x, _) => new SKColor((byte)(x * 80), (byte)(x * 80), (byte)(x * 80)), SKEncodedImageFormat.Png, SKColorType.Gray8);
        var rgbGrey = TestImages.Encode(3, 3, (x, _) => new SKColor((byte)(x * 80), (byte)(x * 80), (byte)(x * 80)));
        var colour = TestImages.Encode(3, 3, (x, y) => x == 1 && y == 1 ? new SKColor(10, 11, 10) : SKColors.Gray);

        Assert.True(ImageDecoder.IsGrayscale(gray8));
        Assert.True(ImageDecoder.IsGrayscale(rgbGrey));
        Assert.False(ImageDecoder.IsGrayscale(colour));
    }

    [Fact]
    public void Decode_rejects_bytes_that_are_not_an_image_with_an_AutoDLException()
    {
        var error = Assert.Throws<AutoDLException>(() => ImageDecoder.Decode("hello, world"u8, new ImageShape(1, 4, 4)));
        Assert.Contains("not a recognised image", error.Message);
    }

    [Fact]
    public void Decode_refuses_a_header_that_declares_more_than_the_pixel_limit_without_allocating_it()
    {
        // Given a PNG header claiming 100000 x 100000 pixels (40 GB as RGBA)
        var bomb = TestImages.PngHeaderClaiming(100_000, 100_000);
        long before = GC.GetTotalAllocatedBytes(precise: true);

        // When it is decoded
        var error = Assert.Throws<AutoDLException>(() => ImageDecoder.Decode(bomb, new ImageShape(1, 8, 8)));

        // Then it is refused by its header and almost nothing was allocated
        Assert.Contains("megapixel limit", error.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 10_000_000);
        Assert.True(Environment.WorkingSet < 4L << 30, "the process must not have grown to hold the bitmap");
    }
}
