using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

public sealed class DataCleanerTests
{
    private static (ImportedData Data, QualityReport Report) Planted(IReadOnlyList<LabelSuspect>? suspects = null)
    {
        var train = SyntheticImages.Bands(6, classes: 3, size: 12).Subset([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0]);
        var test = SyntheticImages.Bands(6, classes: 3, size: 12, seed: 9).Subset([0, 1, 2]);
        // Train image 5 is also test image 1; train image 12 repeats train image 0.
        var testWithLeak = new ImageDataset([.. test.Image(0), .. train.Image(5), .. test.Image(2)], [test.Labels[0], train.Labels[5], test.Labels[2]], train.ClassNames, train.Shape);
        var data = new ImportedData(train, null, testWithLeak, [], "test", "memory");
        var report = QualityAnalyzer.Analyze(data, new QualityOptions { FindLabelErrors = false });
        return (data, suspects is null ? report : report with { LabelSuspects = suspects, EstimatedLabelErrors = 1 });
    }

    [Fact]
    public void Given_a_leaked_test_image_and_a_repeated_copy_then_the_train_side_copies_are_left_out_and_the_test_split_kept()
    {
        var (data, report) = Planted();

        var (cleaned, excluded) = DataCleaner.Clean(data, report, excludeSuspects: false);

        Assert.Equal(
            [(5, ExclusionReason.Leakage), (12, ExclusionReason.RepeatedCopy)],
            excluded.Select(e => (e.Image.Index, e.Reason)));
        Assert.Equal(data.Train.Count - 2, cleaned.Train.Count);
        Assert.Equal(3, cleaned.Test!.Count);
    }

    [Fact]
    public void Given_label_suspects_then_they_are_left_out_only_when_asked()
    {
        var suspect = new LabelSuspect(new ImageRef(DataSplit.Train, 7, "train#7"), 1, 2, 0.01, 0.8, -0.7);
        var (data, report) = Planted([suspect]);

        var (_, kept) = DataCleaner.Clean(data, report, excludeSuspects: false);
        var (cleaned, excluded) = DataCleaner.Clean(data, report, excludeSuspects: true);

        Assert.DoesNotContain(kept, e => e.Reason == ExclusionReason.LabelSuspect);
        Assert.Contains(excluded, e => e.Reason == ExclusionReason.LabelSuspect && e.Image.Index == 7);
        Assert.Equal(data.Train.Count - 3, cleaned.Train.Count);
    }

    [Fact]
    public void Given_more_suspects_than_estimated_errors_then_only_the_most_suspect_are_left_out()
    {
        LabelSuspect Suspect(int index, double score) => new(new ImageRef(DataSplit.Train, index, $"train#{index}"), 0, 1, 0.01, 0.8, score);
        var (data, report) = Planted([Suspect(7, -0.9), Suspect(8, -0.5)]);

        var (_, excluded) = DataCleaner.Clean(data, report, excludeSuspects: true);

        Assert.Equal([7], excluded.Where(e => e.Reason == ExclusionReason.LabelSuspect).Select(e => e.Image.Index));
    }

    [Fact]
    public void Given_estimates_per_class_then_each_class_loses_only_its_own_estimate_and_never_more_than_half()
    {
        LabelSuspect Suspect(int index, double score) => new(new ImageRef(DataSplit.Train, index, $"train#{index}"), index % 3, (index + 1) % 3, 0.01, 0.8, score);
        // Class 1 (images 1, 4, 7, 10) is the most suspect; class 0 has one estimated error, class 1 four, class 2 none.
        var (data, report) = Planted([Suspect(1, -0.9), Suspect(4, -0.9), Suspect(7, -0.8), Suspect(10, -0.8), Suspect(3, -0.7), Suspect(6, -0.6), Suspect(2, -0.5)]);
        report = report with { EstimatedLabelErrors = 5, EstimatedLabelErrorsByClass = [1, 4, 0] };

        var (_, excluded) = DataCleaner.Clean(data, report, excludeSuspects: true);

        // Class 1 has four training images, so at most two go; class 0 gives its one, class 2 none.
        Assert.Equal([1, 3, 4], excluded.Where(e => e.Reason == ExclusionReason.LabelSuspect).Select(e => e.Image.Index).Order());
    }

    [Fact]
    public void A_suspect_whose_given_label_keeps_a_fair_probability_stays()
    {
        // Three classes: a given-label probability under 1/15 rules the label out; 0.3 does not.
        LabelSuspect Suspect(int index, double given) => new(new ImageRef(DataSplit.Train, index, $"train#{index}"), index % 3, (index + 1) % 3, given, 0.6, given - 0.6);
        var (data, report) = Planted([Suspect(3, 0.3), Suspect(6, 0.05)]);
        report = report with { EstimatedLabelErrors = 2, EstimatedLabelErrorsByClass = [2, 0, 0] };

        var (_, excluded) = DataCleaner.Clean(data, report, excludeSuspects: true);

        Assert.Equal([6], excluded.Where(e => e.Reason == ExclusionReason.LabelSuspect).Select(e => e.Image.Index));
    }

    [Fact]
    public void The_manifest_lists_every_image_used_with_its_label_and_split()
    {
        var (data, report) = Planted();
        var (cleaned, _) = DataCleaner.Clean(data, report, excludeSuspects: false);
        var file = Path.GetTempFileName();
        try
        {
            DataCleaner.WriteManifest(cleaned, file);

            var lines = File.ReadAllLines(file);
            Assert.Equal("path,label,split", lines[0]);
            Assert.Equal(cleaned.Train.Count + cleaned.Test!.Count, lines.Length - 1);
            Assert.Equal(cleaned.Train.Count, lines.Count(l => l.EndsWith(",train", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
