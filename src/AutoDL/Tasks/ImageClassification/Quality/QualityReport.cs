using AutoDL.Data;
using AutoDL.Data.Quality;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// What is wrong with a dataset before anything is trained on it: files that could not be read, images of odd
/// size, duplicates and leakage between splits, class imbalance, likely label errors and outliers.
/// Produced by <see cref="QualityAnalyzer"/>; serialises to the JSON of `autodl inspect`.
/// </summary>
/// <param name="Source">The data that was inspected (full path).</param>
/// <param name="Format">How it was read: "image-folder", "csv" or "idx".</param>
/// <param name="Shape">The shape images were decoded to.</param>
/// <param name="ClassNames">Class names by label.</param>
/// <param name="Splits">Each split found, with its class counts.</param>
/// <param name="Unreadable">Files that could not be used: unreadable, corrupt, truncated or not images.</param>
/// <param name="OddImages">Readable images whose size or colour differs from the rest.</param>
/// <param name="Duplicates">Exact and near duplicate pairs, within and across splits.</param>
/// <param name="Balance">How training images spread over classes.</param>
/// <param name="LabelSuspects">Training images whose label may be wrong, most suspect first: a generous list, to review.</param>
/// <param name="EstimatedLabelErrors">How many training labels are likely wrong by confident learning's calibrated estimate. It counts the hard but correct images of classes that look alike too (5,343 for 2,730 planted flips on Fashion-MNIST), so <see cref="DataCleaner.SuspectsToExclude"/> takes it per class only as a ceiling.</param>
/// <param name="Outliers">Training images far from every class, farthest first.</param>
/// <param name="LabelModel">The model behind suspects and outliers; null when that analysis did not run.</param>
/// <param name="LabelModelSkipped">Why it did not run, when it did not.</param>
public sealed record QualityReport(
    string Source,
    string Format,
    ImageShape Shape,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<SplitSummary> Splits,
    IReadOnlyList<SkippedFile> Unreadable,
    IReadOnlyList<OddImage> OddImages,
    IReadOnlyList<DuplicatePair> Duplicates,
    ClassBalance Balance,
    IReadOnlyList<LabelSuspect> LabelSuspects,
    int EstimatedLabelErrors,
    IReadOnlyList<OutlierImage> Outliers,
    LabelModelSummary? LabelModel,
    string? LabelModelSkipped)
{
    /// <summary>
    /// <see cref="EstimatedLabelErrors"/> split by given label: how many of each class's labels are likely wrong. Null
    /// when the label check did not run (and in reports written before it existed).
    /// </summary>
    public IReadOnlyList<int>? EstimatedLabelErrorsByClass { get; init; }

    /// <summary>
    /// The share of a nearest-class-mean classifier's accuracy kept on mirrored training images
    /// (<see cref="MirrorSymmetry"/>): whether flipping is a safe augmentation. Null when not measured.
    /// </summary>
    public double? MirrorScore { get; init; }

    /// <summary>Duplicate pairs that span two splits (leakage); left out of the JSON, which has them in <see cref="Duplicates"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<DuplicatePair> Leakage => Duplicates.Where(d => d.CrossSplit);
}
