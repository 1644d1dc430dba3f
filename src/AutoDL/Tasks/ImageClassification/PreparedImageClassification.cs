using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>Labelled images, checked and split, with what the search needs to know about them.</summary>
internal sealed class PreparedImageClassification : IPreparedTask
{
    /// <summary>How the importer fits images of another size (see <see cref="ResizePolicy"/> and <see cref="ImageDecoder"/>).</summary>
    private const string ResizeMethod = "shorter-side-fit-centre-crop";

    private readonly PackagedTask _packaged;

    /// <param name="data">The imported data, after cleaning (its skipped files and source are reported).</param>
    /// <param name="train">The training split.</param>
    /// <param name="validation">The validation split.</param>
    /// <param name="test">The test split.</param>
    /// <param name="traits">What the training split says about how to search.</param>
    /// <param name="classWeights">Per-class loss weights from cleaning, or null.</param>
    public PreparedImageClassification(ImportedData data, ImageDataset train, ImageDataset validation, ImageDataset test, DataTraits traits, IReadOnlyList<float>? classWeights)
    {
        var stats = NormalizationStats.Compute(train);
        var metric = traits.Metric;
        var summary = new DataSummary(data.Source, data.Format, train.Count, validation.Count, test.Count, train.ClassCounts(), data.Skipped.Count);
        _packaged = new PackagedTask(ImageClassificationTask.TaskName, ModelSchema.ImageClassification, train.ClassNames, train.Shape, new Preprocessing(ResizeMethod, stats.Mean, stats.Std), summary);
        Skipped = data.Skipped;
        Objective = new Objective(metric.Name(), metric.Direction());
        Sizes = new SplitSizes(train.Count, validation.Count, test.Count);
        StudyIdentity = new Dictionary<string, string>(StringComparer.Ordinal) { ["classes"] = string.Join("|", train.ClassNames) };
        Search = new ImageClassificationSearch(traits, train.Shape);
        Training = new ClassificationTraining(train, validation, stats) { Metric = metric, ClassWeights = classWeights };
        Costs = new SearchedNetworkCosts(Search, train.Shape, train.ClassNames.Count);
        Evaluator = new ImageClassificationEvaluator(validation, test, stats, metric, traits);
    }

    public Objective Objective { get; }

    public SplitSizes Sizes { get; }

    public IReadOnlyList<SkippedFile> Skipped { get; }

    public IReadOnlyDictionary<string, string> StudyIdentity { get; }

    public ITaskSearch Search { get; }

    public IConfigurationCosts Costs { get; }

    public ITaskEvaluator Evaluator { get; }

    public ITrainingTask Training { get; }

    public PackageManifest Manifest(BestModel model, EvaluationReport? test = null) => _packaged.Manifest(model, Objective, test);
}
