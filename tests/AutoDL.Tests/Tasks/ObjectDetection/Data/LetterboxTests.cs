using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Inference;

namespace AutoDL.Tests.Tasks.ObjectDetection.Data;

public sealed class LetterboxTests
{
    // A 200×100 image in a 64-pixel input: scale 0.32, 64×32 at the top left, the rest padding.
    private static readonly Letterbox Box = Letterbox.For(200, 100, new ImageShape(3, 64, 64));

    [Fact]
    public void The_image_size_is_recovered_from_the_letterbox()
    {
        Assert.Equal((64, 32), (Box.Width, Box.Height));
        Assert.Equal((200, 100), (Box.ImageWidth, Box.ImageHeight));
    }

    [Fact]
    public void A_detection_reaching_into_the_padding_ends_at_the_image_edge_and_one_wholly_in_it_is_dropped()
    {
        var reaching = new Detection(BoundingBox.FromCorners(48, 16, 64, 48), 0, 0.9);
        var inPadding = new Detection(BoundingBox.FromCorners(10, 40, 30, 60), 1, 0.8);

        var mapped = FcosDecoder.InImage([reaching, inPadding], Box);

        var only = Assert.Single(mapped);
        Assert.Equal(0, only.Label);
        Assert.Equal(150, only.Box.X, 9);
        Assert.Equal(50, only.Box.Y, 9);
        Assert.Equal(200, only.Box.Right, 9);
        Assert.Equal(100, only.Box.Bottom, 9);
    }

    [Fact]
    public void An_object_and_its_area_map_back_exactly()
    {
        var inImage = new ObjectAnnotation(BoundingBox.FromCorners(20, 10, 120, 60), 2) { Area = 3000 };
        var inInput = inImage with { Box = Box.ToInput(inImage.Box), Area = inImage.Area * Box.ScaleX * Box.ScaleY };

        var back = Box.ToImage(inInput);

        Assert.Equal(inImage.Box.X, back.Box.X, 9);
        Assert.Equal(inImage.Box.Bottom, back.Box.Bottom, 9);
        Assert.Equal(3000, back.Area!.Value, 6);
        Assert.Null(Box.ToImage(inImage with { Area = null }).Area);
    }
}
