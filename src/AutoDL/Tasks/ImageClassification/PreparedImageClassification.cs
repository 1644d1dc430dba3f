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

    private readonly ImageDataset _train;
    private readonly NormalizationStats _stats;
    private readonly SelectionMetric _metric;
    private readonly DataSummary _summary;

    /// <param name="data">The imported data, after cleaning (its skipped files and source are reported).</param>
    /// <param name="train">The training split.</param>
    /// <param name="validation">The validation split.</param>
    /// <param name="test">The test split.</param>
    /// <param name="traits">What the training split says about how to search.</param>
    /// <param name="classWeights">Per-class loss weights from cleaning, or null.</param>
    public PreparedImageClassification(ImportedData data, ImageDataset train, ImageDataset validation, ImageDataset test, DataTraits traits, IReadOnlyList<float>? classWeights)
    {
        _train = train;
        _stats = NormalizationStats.Compute(train);
        _metric = traits.Metric;
        _summary = new DataSummary(data.Source, data.Format, train.Count, validation.Count, test.Count, train.ClassCounts(), data.Skipped.Count);
        Skipped = data.Skipped;
        Objective = new Objective(_metric.Name(), _metric.Direction());
        Sizes = new SplitSizes(train.Count, validation.Count, test.Count);
        StudyIdentity = new Dictionary<string, string>(StringComparer.Ordinal) { ["classes"] = string.Join("|", train.ClassNames) };
        Search = new ImageClassificationSearch(traits, train.Shape);
        Training = new ClassificationTraining(train, validation, _stats) { Metric = _metric, ClassWeights = classWeights };
        Costs = new SearchedNetworkCosts(Search, train.Shape, train.ClassNames.Count);
        Evaluator = new ImageClassificationEvaluator(validation, test, _stats, _metric, traits);
    }

    public Objective Objective { get; }

    public SplitSizes Sizes { get; }

    public IReadOnlyList<SkippedFile> Skipped { get; }

    public IReadOnlyDictionary<string, string> StudyIdentity { get; }

    public ITaskSearch Search { get; }

    public IConfigurationCosts Costs { get; }

    public ITaskEvaluator Evaluator { get; }

    public ITrainingTask Training { get; }

    public PackageManifest Manifest(BestModel model, EvaluationReport? test = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new PackageManifest
        {
            Task = ImageClassificationTask.TaskName,
            Schema = ModelSchema.ImageClassification,
            ClassNames = _train.ClassNames,
            Input = _train.Shape,
            Preprocessing = new Preprocessing(ResizeMethod, _stats.Mean, _stats.Std),
            Model = model.Model,
            Training = model.Training,
            SearchTrial = model.Trial,
            Metrics = PackageMetrics.Of(model.ValidationScore, test) with { Metric = Objective.MetricName, Direction = Objective.Direction },
            Data = _summary,
            Libraries = LibraryVersions.Current(),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
    }
}
