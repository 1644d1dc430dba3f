using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ObjectDetection.Data;

public sealed class DetectionSetBuilderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_image_is_scaled_to_fit_the_input_at_the_top_left_and_its_boxes_follow_it()
    {
        // A 40×20 image, black with a white block from (20, 10) to (30, 20), fitted into 32×32: scale 0.8, 32×16.
        var path = TestImages.Write(_temp.Combine("a.png"), TestImages.Encode(40, 20, (x, y) => x >= 20 && x < 30 && y >= 10 ? SKColors.White : SKColors.Black));
        var image = new LabelledImage(path, DataSplit.Train, 40, 20, [new ObjectAnnotation(BoundingBox.FromCorners(20, 10, 30, 20), 0)]);
        var skipped = new List<SkippedFile>();

        var set = DetectionSetBuilder.Build([image], new ImageShape(1, 32, 32), skipped, CancellationToken.None);

        Assert.Empty(skipped);
        var letterbox = Assert.Single(set.Letterboxes);
        Assert.Equal((32, 16), (letterbox.Width, letterbox.Height));
        var box = Assert.Single(set.Objects[0]).Box;
        Assert.Equal((16.0, 8.0, 24.0, 16.0), (box.X, box.Y, box.Right, box.Bottom));
        var pixels = set.Image(0);
        Assert.Equal(255, pixels[(12 * 32) + 20]);
        Assert.Equal(0, pixels[(4 * 32) + 4]);
        Assert.All(pixels[(16 * 32)..].ToArray(), p => Assert.Equal(Letterbox.Padding, p));
        Assert.Equal(BoundingBox.FromCorners(20, 10, 30, 20), letterbox.ToImage(box));
    }

    [Fact]
    public void An_image_that_no_longer_decodes_is_left_out_and_listed()
    {
        var good = TestImages.WritePng(_temp.Combine("good.png"), 16, 16, SKColors.Gray);
        var bad = TestImages.Write(_temp.Combine("bad.png"), "not an image"u8.ToArray());
        var skipped = new List<SkippedFile>();

        var set = DetectionSetBuilder.Build([new LabelledImage(bad, DataSplit.Train, 16, 16, []), new LabelledImage(good, DataSplit.Train, 16, 16, [])], new ImageShape(3, 8, 8), skipped, CancellationToken.None);

        Assert.Equal(1, set.Count);
        Assert.Equal([good], set.Sources!);
        Assert.Equal(bad, Assert.Single(skipped).Path);
    }
}
