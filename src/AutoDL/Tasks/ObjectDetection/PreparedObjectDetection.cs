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

    private readonly PackagedTask _packaged;

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
        var classNames = listing.ClassNames;
        var input = train.Shape;
        var stats = NormalizationStats.Compute(train);
        var objectsPerClass = new int[classNames.Count];
        foreach (var annotation in train.Objects.SelectMany(objects => objects))
        {
            objectsPerClass[annotation.Label]++;
        }
        var summary = new DataSummary(listing.Source, listing.Format, train.Count, validation.Count, test.Count, objectsPerClass, skipped.Count);
        _packaged = new PackagedTask(ObjectDetectionTask.TaskName, ModelSchema.ObjectDetection, classNames, input, new Preprocessing(ResizeMethod, stats.Mean, stats.Std), summary);
        Skipped = skipped;
        Objective = new Objective("map", MetricDirection.Maximize);
        Sizes = new SplitSizes(train.Count, validation.Count, test.Count);
        StudyIdentity = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["classes"] = string.Join("|", classNames),
            ["input"] = input.ToString(),
        };
        Search = new ObjectDetectionSearch(input);
        Costs = new SearchedNetworkCosts(Search, input, classNames.Count);
        var training = new DetectionTraining(train, validation, classNames, stats, augmentation);
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

    public PackageManifest Manifest(BestModel model, EvaluationReport? test = null) => _packaged.Manifest(model, Objective, test);
}
