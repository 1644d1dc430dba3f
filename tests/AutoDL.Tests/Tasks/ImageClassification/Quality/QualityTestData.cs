using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

/// <summary>
/// A small imported dataset and a hand-made report about it with one finding of every kind, including names a
/// browser would take for markup: what the HTML and JSON writers must survive.
/// </summary>
internal static class QualityTestData
{
    public const string Root = "/data/shop";

    /// <summary>A file name that is markup, an entity start and quotes at once.</summary>
    public const string HostileFile = Root + "/train/cat/<script>alert('x')</script> & \"more\".png";

    public static readonly string[] ClassNames = ["cat", "dog & <b>wolf</b>", "bird"];

    /// <summary>Train (3 classes × 6) and test (3 classes × 2) of 12 × 12 images, <paramref name="channels"/> channels, with file sources.</summary>
    public static ImportedData Imported(int channels = 1)
    {
        return new ImportedData(
            Split(SyntheticImages.Bands(perClass: 6, classes: 3, size: 12, channels: channels, seed: 1), "train"),
            null,
            Split(SyntheticImages.Bands(perClass: 2, classes: 3, size: 12, channels: channels, seed: 2), "test"),
            [new SkippedFile(HostileFile, "not an image (no known signature)")],
            "image-folder",
            Root);
    }

    /// <summary>A report about <paramref name="data"/> with <paramref name="suspects"/> label suspects and one of everything else.</summary>
    public static QualityReport Report(ImportedData data, int suspects = 3, double imbalanceRatio = 1)
    {
        var train = data.Train;
        var test = data.Test!;
        ImageRef Train(int i) => new(DataSplit.Train, i, train.Sources![i]);
        ImageRef Test(int i) => new(DataSplit.Test, i, test.Sources![i]);
        var suspectList = Enumerable.Range(0, suspects)
            .Select(n => new LabelSuspect(Train(n % train.Count), train.Labels[n % train.Count], (train.Labels[n % train.Count] + 1) % 3, 0.05, 0.9, -0.85 + (n * 0.001)))
            .ToList();
        return new QualityReport(
            data.Source,
            data.Format,
            data.Shape,
            data.ClassNames,
            [new SplitSummary(DataSplit.Train, train.Count, train.ClassCounts()), new SplitSummary(DataSplit.Test, test.Count, test.ClassCounts())],
            data.Skipped,
            [new OddImage(Train(2), 300, 40, "aspect ratio 7.5 against a typical 1; resizing crops or distorts it")],
            [
                new DuplicatePair(Train(0), Train(3), DuplicateKind.Near, 2, SameLabel: true),
                new DuplicatePair(Train(1), Test(1), DuplicateKind.Exact, 0, SameLabel: true),
            ],
            new ClassBalance(train.ClassCounts(), imbalanceRatio, [0, 1, 2], [0, 1, 2], IsImbalanced: imbalanceRatio >= 10),
            suspectList,
            suspectList.Count / 2,
            [new OutlierImage(Train(4), 2, 3.7)],
            new LabelModelSummary("PlainCnn (2 blocks, width 32)", 3, 4, 0.83, 2.5),
            null);
    }

    private static ImageDataset Split(ImageDataset bands, string split)
    {
        var sources = Enumerable.Range(0, bands.Count).Select(i => $"{Root}/{split}/{ClassNames[bands.Labels[i]]}/{i}.png").ToArray();
        return new ImageDataset(bands.Pixels.ToArray(), [.. bands.Labels], ClassNames, bands.Shape, sources);
    }
}
