using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

public sealed class StratifiedSplitterTests
{
    [Fact]
    public void Split_holds_out_the_fraction_of_every_class()
    {
        // Given 100, 30 and 2 images of three classes
        var data = Dataset(100, 30, 2);

        // When a fifth is held out
        var (kept, held) = StratifiedSplitter.Split(data, 0.2, seed: 7);

        // Then each class is split 80/20 and the 2-image class has one on each side
        Assert.Equal(new[] { 20, 6, 1 }, held.ClassCounts());
        Assert.Equal(new[] { 80, 24, 1 }, kept.ClassCounts());
        Assert.Empty(kept.Sources!.Intersect(held.Sources!));
    }

    [Fact]
    public void Split_keeps_a_class_with_one_image_in_the_kept_part()
    {
        var (kept, held) = StratifiedSplitter.Split(Dataset(10, 1), 0.5, seed: 1);

        Assert.Equal(new[] { 5, 1 }, kept.ClassCounts());
        Assert.Equal(new[] { 5, 0 }, held.ClassCounts());
    }

    [Fact]
    public void Split_is_the_same_for_the_same_seed_and_differs_for_another()
    {
        var data = Dataset(50, 50);

        var a = StratifiedSplitter.Split(data, 0.3, seed: 42).Held.Sources!;
        var b = StratifiedSplitter.Split(data, 0.3, seed: 42).Held.Sources!;
        var c = StratifiedSplitter.Split(data, 0.3, seed: 43).Held.Sources!;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Split_rejects_a_fraction_outside_zero_to_one(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split(Dataset(4, 4), fraction, 0));
    }

    private static ImageDataset Dataset(params int[] perClass)
    {
        var labels = perClass.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        var pixels = labels.Select((_, i) => (byte)i).ToArray();
        var names = perClass.Select((_, c) => $"class{c}").ToArray();
        return new ImageDataset(pixels, labels, names, new ImageShape(1, 1, 1), labels.Select((_, i) => $"img{i}").ToArray());
    }
}
