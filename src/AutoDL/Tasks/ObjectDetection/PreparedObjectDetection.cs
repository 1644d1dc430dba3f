using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Training;
using AutoDL.Training;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>Detection data, checked, split and decoded at the detector's input size, with what the search needs to know about it.</summary>
internal sealed class PreparedObjectDetection : IPreparedTask
{
    /// <summary>How images are fitted into the detector's square input (<see cref="Letterbox"/>): scaled to fit, placed top left, padded.</summary>
    public const string ResizeMethod = "letterbox-top-left";

    private readonly IReadOnlyList<string> _classNames;
    private readonly ImageShape _input;
    private readonly NormalizationStats _stats;
    private readonly DataSummary _summary;

    /// <param name="listing">The imported data (its source, format and class names).</param>
    /// <param name="train">The training images.</param>
    /// <param name="validation">The validation images.</param>
    /// <param name="test">The test images.</param>
    /// <param name="skipped">Every image or annotation left out, with the reason.</param>
    /// <param name="augmentation">How training images are varied.</param>
    public PreparedObjectDetection(DetectionListing listing, DetectionSet train, DetectionSet validation, DetectionSet test, IReadOnlyList<SkippedFile> skipped, DetectionAugmentation augmentation)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(train);
        _classNames = listing.ClassNames;
        _input = train.Shape;
        _stats = NormalizationStats.Compute(train);
        var objectsPerClass = new int[_classNames.Count];
        foreach (var annotation in train.Objects.SelectMany(objects => objects))
        {
            objectsPerClass[annotation.Label]++;
        }
        _summary = new DataSummary(listing.Source, listing.Format, train.Count, validation.Count, test.Count, objectsPerClass, skipped.Count);
        Skipped = skipped;
        Objective = new Objective("map", MetricDirection.Maximize);
        Sizes = new SplitSizes(train.Count, validation.Count, test.Count);
        StudyIdentity = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["classes"] = string.Join("|", _classNames),
            ["input"] = _input.ToString(),
        };
        Search = new ObjectDetectionSearch(_input);
        Costs = new SearchedNetworkCosts(Search, _input, _classNames.Count);
        var training = new DetectionTraining(train, validation, _classNames, _stats, augmentation);
        Training = training;
        Evaluator = new DetectionEvaluator(training, validation, test);
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
            Task = ObjectDetectionTask.TaskName,
            Schema = ModelSchema.ObjectDetection,
            ClassNames = _classNames,
            Input = _input,
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
