using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Data.Quality;

public sealed class DuplicateFinderTests
{
    private static ImageDataset WithImages(IReadOnlyList<byte[]> images, int[] labels, ImageShape shape, string prefix) =>
        new(images.SelectMany(i => i).ToArray(), labels, ["a", "b", "c"], shape, images.Select((_, i) => $"{prefix}/{i}.png").ToArray());

    [Fact]
    public void Given_a_test_image_copied_into_train_then_it_is_an_exact_cross_split_pair_with_train_first()
    {
        var data = SyntheticImages.Bands(10, classes: 3, size: 16);
        var test = data.Subset([4, 5, 6]);

        var pairs = DuplicateFinder.Find([(DataSplit.Train, data), (DataSplit.Test, test)], (set, i) => set.Labels[i], maxDistance: 3, minSimilarity: 0.97, CancellationToken.None);

        var leaks = pairs.Where(p => p.CrossSplit).ToList();
        Assert.Equal(3, leaks.Count);
        Assert.All(leaks, p =>
        {
            Assert.Equal(DuplicateKind.Exact, p.Kind);
            Assert.Equal(DataSplit.Train, p.First.Split);
            Assert.Equal(DataSplit.Test, p.Second.Split);
            Assert.True(p.SameLabel);
        });
        Assert.Equal([4, 5, 6], leaks.Select(p => p.First.Index).Order());
    }

    [Fact]
    public void Given_a_slightly_changed_copy_then_it_is_a_near_pair_and_different_pictures_are_not()
    {
        var shape = new ImageShape(1, 28, 28);
        var random = new Random(3);
        byte[] Picture()
        {
            var image = new byte[shape.PixelCount];
            // Smooth random blobs, as photographs are, rather than noise a hash cannot summarise.
            for (int blob = 0; blob < 4; blob++)
            {
                int cx = random.Next(28), cy = random.Next(28), radius = random.Next(4, 10), value = random.Next(80, 256);
                for (int y = 0; y < 28; y++)
                {
                    for (int x = 0; x < 28; x++)
                    {
                        if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < radius * radius)
                        {
                            image[(y * 28) + x] = (byte)value;
                        }
                    }
                }
            }
            return image;
        }
        var pictures = Enumerable.Range(0, 12).Select(_ => Picture()).ToList();
        var brighter = pictures[0].Select(b => (byte)Math.Min(255, b + 6)).ToArray();
        var images = pictures.Append(brighter).ToList();

        var pairs = DuplicateFinder.Find([(DataSplit.Train, WithImages(images, images.Select((_, i) => i % 3).ToArray(), shape, "train"))], (set, i) => set.Labels[i], maxDistance: 3, minSimilarity: 0.97, CancellationToken.None);

        var pair = Assert.Single(pairs);
        Assert.Equal(DuplicateKind.Near, pair.Kind);
        Assert.Equal((0, 12), (pair.First.Index, pair.Second.Index));
        Assert.False(pair.CrossSplit);
        Assert.True(pair.SameLabel); // images 0 and 12 are both labelled 12 % 3 = 0
    }

    [Fact]
    public void Given_three_copies_then_they_are_chained_to_the_first_not_paired_every_way()
    {
        var data = SyntheticImages.Bands(3, classes: 3, size: 12);
        var copies = data.Subset([0, 0, 0, 1]);

        var pairs = DuplicateFinder.Find([(DataSplit.Train, copies)], (set, i) => set.Labels[i], maxDistance: 0, minSimilarity: 0.97, CancellationToken.None);

        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(0, p.First.Index));
    }

    [Fact]
    public void Given_copies_with_two_labels_then_the_pair_has_two_labels_unless_the_images_carry_no_single_label()
    {
        var data = SyntheticImages.Bands(3, classes: 3, size: 12);
        var relabelled = WithImages([data.Image(0).ToArray(), data.Image(0).ToArray()], [0, 1], data.Shape, "train");

        var labelled = Assert.Single(DuplicateFinder.Find([(DataSplit.Train, relabelled)], (set, i) => set.Labels[i], maxDistance: 0, minSimilarity: 0.97, CancellationToken.None));
        var unlabelled = Assert.Single(DuplicateFinder.Find([(DataSplit.Train, relabelled)], label: null, maxDistance: 0, minSimilarity: 0.97, CancellationToken.None));

        Assert.False(labelled.SameLabel);
        Assert.True(unlabelled.SameLabel);
    }
}
