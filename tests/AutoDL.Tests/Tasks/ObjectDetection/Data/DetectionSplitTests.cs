using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tests.Tasks.ObjectDetection.Data;

public sealed class DetectionSplitTests
{
    private static LabelledImage Image(int i, int width = 100, int height = 80) =>
        new($"img-{i}.png", DataSplit.Train, width, height, [new ObjectAnnotation(new BoundingBox(1, 1, 5, 5), 0)]);

    [Fact]
    public void A_seeded_share_of_whole_images_is_held_out_the_same_way_every_time()
    {
        var images = Enumerable.Range(0, 50).Select(i => Image(i)).ToList();

        var (kept, held) = WholeImageSplitter.Split(images, 0.1, seed: 7);
        var (keptAgain, heldAgain) = WholeImageSplitter.Split(images, 0.1, seed: 7);
        var (_, heldOther) = WholeImageSplitter.Split(images, 0.1, seed: 8);

        Assert.Equal(5, held.Count);
        Assert.Equal(45, kept.Count);
        Assert.Empty(kept.Intersect(held));
        Assert.Equal(held, heldAgain);
        Assert.Equal(kept, keptAgain);
        Assert.NotEqual(held, heldOther);
    }

    [Fact]
    public void At_least_one_image_is_held_out_and_one_kept_and_a_single_image_cannot_be_split()
    {
        var (kept, held) = WholeImageSplitter.Split([Image(0), Image(1)], 0.01, seed: 1);
        Assert.Single(kept);
        Assert.Single(held);

        var error = Assert.Throws<AutoDLException>(() => WholeImageSplitter.Split([Image(0)], 0.1, seed: 1));
        Assert.Contains("1 image", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(128, 96, 128)]
    [InlineData(100, 60, 128)]
    [InlineData(40, 30, 64)]
    [InlineData(1920, 1080, 256)]
    public void The_input_is_the_median_longer_side_rounded_up_to_32_between_64_and_256(int width, int height, int side)
    {
        var images = new[] { Image(0, width, height), Image(1, width, height), Image(2, 10, 10) };

        Assert.Equal(new ImageShape(3, side, side), SquareInputSize.For([.. images.Select(i => (i.Width, i.Height))]));
    }
}
