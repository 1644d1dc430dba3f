using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tasks.ImageClassification.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>What the training data says about how to search: whether to balance classes, and whether mirroring is safe.</summary>
/// <param name="Imbalanced">The classes are imbalanced (<see cref="QualityOptions.ImbalanceRatio"/>): the search selects on balanced accuracy and tries class weighting.</param>
/// <param name="FlipLooksSafe">Mirrored images keep their labels (<see cref="MirrorSymmetry"/>): the search may flip them; otherwise flipping is left out.</param>
public sealed record DataTraits(bool Imbalanced, bool FlipLooksSafe)
{
    /// <summary>Balanced classes whose mirror images are not known to keep their labels.</summary>
    public static DataTraits Plain { get; } = new(false, false);

    /// <summary>The metric the search selects on.</summary>
    public SelectionMetric Metric => Imbalanced ? SelectionMetric.BalancedAccuracy : SelectionMetric.Accuracy;

    /// <summary>Measures the traits of a training split.</summary>
    public static DataTraits Measure(ImageDataset train, QualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        var balance = ClassBalanceAnalysis.Analyze(train, options ?? new QualityOptions());
        return new DataTraits(balance.IsImbalanced, MirrorSymmetry.LooksSafe(train, train.Labels, train.ClassNames.Count));
    }
}
