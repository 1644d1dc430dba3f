using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>Labelled images, checked and split, with what the search needs to know about them.</summary>
internal static class PreparedImageClassification
{
    /// <summary>How the importer fits images of another size (see <see cref="ResizePolicy"/> and <see cref="ImageDecoder"/>).</summary>
    private const string ResizeMethod = "shorter-side-fit-centre-crop";

    /// <param name="data">The imported data, after cleaning (its skipped files and source are reported).</param>
    /// <param name="train">The training split.</param>
    /// <param name="validation">The validation split.</param>
    /// <param name="test">The test split.</param>
    /// <param name="traits">What the training split says about how to search.</param>
    /// <param name="classWeights">Per-class loss weights from cleaning, or null.</param>
    public static PreparedTask Create(ImportedData data, ImageDataset train, ImageDataset validation, ImageDataset test, DataTraits traits, IReadOnlyList<float>? classWeights)
    {
        var stats = NormalizationStats.Compute(train);
        var metric = traits.Metric;
        var summary = new DataSummary(data.Source, data.Format, train.Count, validation.Count, test.Count, train.ClassCounts(), data.Skipped.Count);
        var search = new ImageClassificationSearch(traits, train.Shape);
        return new PreparedTask(
            new Objective(metric.Name(), metric.Direction()),
            new SplitSizes(train.Count, validation.Count, test.Count),
            data.Skipped,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["classes"] = string.Join("|", train.ClassNames) },
            search,
            new SearchedNetworkCosts(search, train.Shape, train.ClassNames.Count),
            new ImageClassificationEvaluator(train, validation, test, stats, metric, traits),
            new ClassificationTraining(train, validation, stats) { Metric = metric, ClassWeights = classWeights },
            new PackagedTask(ImageClassificationTask.TaskName, ModelSchema.ImageClassification, train.ClassNames, train.Shape, new Preprocessing(ResizeMethod, stats.Mean, stats.Std), summary));
    }
}
