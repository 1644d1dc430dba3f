using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

public sealed class FashionMnistSampleTests
{
    [Fact]
    public void Committed_sample_imports_as_1000_grey_28x28_images_identical_to_the_idx_source()
    {
        // Given the README's sample folder and the Debian Fashion-MNIST files it was made from
        var sample = RepositoryPaths.Sample;
        var idx = DataImporter.Import("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz").Train;

        // When the sample is imported as an image folder
        var data = DataImporter.Import(sample);

        // Then it has 100 images per class, nothing skipped (LICENSE.txt is not an image), and the pixels of
        // Ankle_boot/0000.png are those of the first training image (an ankle boot)
        Assert.Equal(new ImageShape(1, 28, 28), data.Shape);
        Assert.Equal(10, data.ClassNames.Count);
        Assert.All(data.Train.ClassCounts(), c => Assert.Equal(100, c));
        Assert.Empty(data.Skipped);
        int boot = Array.FindIndex(data.Train.Sources!.ToArray(), s => s.EndsWith(Path.Combine("Ankle_boot", "0000.png"), StringComparison.Ordinal));
        Assert.True(data.Train.Image(boot).SequenceEqual(idx.Image(0)));
    }
}
