using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

[Collection(TorchCollection.Name)]
public sealed class QualityAnalyzerTests
{
    [Fact]
    public void Given_flipped_labels_then_the_cross_validated_model_ranks_them_among_the_first_suspects()
    {
        var clean = SyntheticImages.Bands(30, classes: 3, size: 12);
        int[] flipped = [3, 17, 50, 61, 73, 85];
        var labels = clean.Labels.ToArray();
        foreach (int i in flipped)
        {
            labels[i] = (labels[i] + 1) % 3;
        }
        var noisy = new ImageDataset(clean.Pixels.ToArray(), labels, clean.ClassNames, clean.Shape);
        var data = new ImportedData(noisy, null, null, [], "test", "memory");

        var report = QualityAnalyzer.Analyze(data, new QualityOptions { Epochs = 8, Seed = 1 });

        Assert.NotNull(report.LabelModel);
        var top = report.LabelSuspects.Take(2 * flipped.Length).Select(s => s.Image.Index).ToHashSet();
        int found = flipped.Count(top.Contains);
        Assert.True(found >= 5, $"only {found} of {flipped.Length} flipped labels among the top {2 * flipped.Length} suspects");
        Assert.All(report.LabelSuspects.Where(s => flipped.Contains(s.Image.Index)), s => Assert.Equal(clean.Labels[s.Image.Index], s.SuggestedLabel));
    }

    [Fact]
    public void Given_a_class_cut_short_then_the_balance_check_names_it_and_too_small_classes()
    {
        var full = SyntheticImages.Bands(30, classes: 3, size: 12);
        var lastClass = Enumerable.Range(0, full.Count).Where(i => full.Labels[i] == 2).ToArray();
        var keep = Enumerable.Range(0, full.Count).Where(i => full.Labels[i] != 2).Concat(lastClass.Take(2)).ToArray();
        var data = new ImportedData(full.Subset(keep), null, null, [], "test", "memory");

        var report = QualityAnalyzer.Analyze(data, new QualityOptions { FindLabelErrors = false, MinClassSize = 5, ImbalanceRatio = 10 });

        Assert.Equal([30, 30, 2], report.Balance.Counts);
        Assert.Equal(15, report.Balance.ImbalanceRatio);
        Assert.True(report.Balance.IsImbalanced);
        Assert.Equal(2, report.Balance.SmallestClasses[0]);
        Assert.Equal([2], report.Balance.TooSmall);
        Assert.Equal("not asked for", report.LabelModelSkipped);
    }
}
