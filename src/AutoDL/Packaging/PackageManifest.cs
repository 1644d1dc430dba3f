using System.Text.Json;
using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Training;

namespace AutoDL.Packaging;

/// <summary>
/// manifest.json of a model package: everything needed to rebuild the network, feed it as it was trained,
/// and judge it — without the data or the study.
/// </summary>
public sealed record PackageManifest
{
    /// <summary>The version of this layout; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = ModelPackage.CurrentFormatVersion;

    /// <summary>The task, e.g. "image-classification": the predictor, <c>evaluate</c>, <c>export</c> and the server act by it.</summary>
    public required string Task { get; init; }

    /// <summary>The kinds of the network's input and output (format 3; earlier packages are image classifiers).</summary>
    public ModelSchema Schema { get; init; } = ModelSchema.ImageClassification;

    /// <summary>Class names; the network's output k is class k.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Input shape the network expects.</summary>
    public required ImageShape Input { get; init; }

    /// <summary>How raw images become the network's input.</summary>
    public required Preprocessing Preprocessing { get; init; }

    /// <summary>
    /// <see cref="Preprocessing"/> as the ordered steps a consumer outside .NET applies (decode, resize, scale,
    /// normalise), each an operation name and its arguments; written for them, derived again when read.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object>> PreprocessingSteps => Preprocessing is null ? [] :
    [
        new Dictionary<string, object> { ["op"] = "decode", ["channels"] = Input.Channels },
        new Dictionary<string, object> { ["op"] = "resize", ["method"] = Preprocessing.Resize, ["height"] = Input.Height, ["width"] = Input.Width },
        new Dictionary<string, object> { ["op"] = "scale", ["divideBy"] = 255 },
        new Dictionary<string, object> { ["op"] = "normalize", ["mean"] = Preprocessing.Mean, ["std"] = Preprocessing.Std },
    ];

    /// <summary>The network.</summary>
    public required ModelConfig Model { get; init; }

    /// <summary>How it was trained.</summary>
    public TrainingConfig? Training { get; init; }

    /// <summary>
    /// Further trained networks whose logits are averaged with <see cref="Model"/>'s (an ensemble), in the order their
    /// weights are stored; empty for a single network. Fit adds the runner-up of the search only when the average
    /// scored better on the validation split.
    /// </summary>
    public IReadOnlyList<EnsembleMember> Ensemble { get; init; } = [];

    /// <summary>The trial of the search that produced it (numbered as in the study and the leaderboard).</summary>
    public int? SearchTrial { get; init; }

    /// <summary>Metrics on validation and, once evaluated, test data.</summary>
    public required PackageMetrics Metrics { get; init; }

    /// <summary>What the data looked like.</summary>
    public DataSummary? Data { get; init; }

    /// <summary>
    /// Whether predictions average each image with its mirror (test-time flip). Fit turns it on only where mirrored
    /// images keep their labels and the average scored better on the validation split.
    /// </summary>
    public bool TestTimeFlip { get; init; }

    /// <summary>How to run the model on the machine it was optimised for (`autodl optimize`); null until then.</summary>
    public InferenceSettings? Inference { get; init; }

    /// <summary>
    /// How the class probabilities are calibrated, with the validation figures before and after; null for tasks without
    /// class probabilities, for packages written during a search, and for packages before calibration existed.
    /// </summary>
    public ConfidenceCalibration? Calibration { get; init; }

    /// <summary>Reference statistics for drift monitoring; null until fit records them (kept as written by a newer AutoDL).</summary>
    public System.Text.Json.JsonElement? Monitoring { get; init; }

    /// <summary>Library versions that produced the package.</summary>
    public IReadOnlyDictionary<string, string> Libraries { get; init; } = new Dictionary<string, string>();

    /// <summary>sha256 (hex) of the weights entry; checked on load.</summary>
    public string WeightsSha256 { get; init; } = "";

    /// <summary>sha256 (hex) of the model.onnx entry; null when the package has none.</summary>
    public string? OnnxSha256 { get; init; }

    /// <summary>When the package was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }
}

/// <summary>A network averaged with a package's main one.</summary>
/// <param name="Model">The network.</param>
/// <param name="SearchTrial">The trial of the search that trained it.</param>
/// <param name="ValidationScore">Its own validation score, before averaging.</param>
public sealed record EnsembleMember(ModelConfig Model, int? SearchTrial, double ValidationScore)
{
    /// <summary>sha256 (hex) of its weights entry; checked on load.</summary>
    public string WeightsSha256 { get; init; } = "";
}

/// <summary>How raw images become the network's input: decode to <see cref="ImageShape"/> (resize, colour), scale to [0,1], then (x − mean)/std per channel.</summary>
/// <param name="Resize">How images of another size are fitted, e.g. "resize-shorter-centre-crop".</param>
/// <param name="Mean">Per-channel mean on the [0,1] scale.</param>
/// <param name="Std">Per-channel standard deviation on the [0,1] scale.</param>
public sealed record Preprocessing(string Resize, IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>The statistics as the data stage uses them.</summary>
    public NormalizationStats ToStats() => new(Mean.ToArray(), Std.ToArray());
}

/// <summary>Metrics stored with a model.</summary>
/// <param name="ValidationScore">Best validation value of <see cref="Metric"/>, the figure the search selected on.</param>
/// <param name="Test">
/// The task's held-out test report as written, when a test split existed (a classifier's accuracy, per-class figures
/// and confusion matrix): kept as JSON, so that packaging reads and writes every task's report without knowing it.
/// </param>
public sealed record PackageMetrics(double ValidationScore, JsonElement? Test)
{
    /// <summary>The metrics of a model selected at <paramref name="validationScore"/> and evaluated in <paramref name="test"/> (null without a test split).</summary>
    public static PackageMetrics Of(double validationScore, EvaluationReport? test) => new(
        validationScore,
        test is null ? null : JsonSerializer.SerializeToElement(test, test.GetType(), ModelPackage.JsonOptions))
    {
        TestScores = test?.Scores(),
    };

    /// <summary>The test report's headline figures by name (<see cref="EvaluationReport.Scores"/>); null without a test split, and in packages before format 3.</summary>
    public IReadOnlyDictionary<string, double>? TestScores { get; init; }

    /// <summary>The validation metric the search selected on: "accuracy", or "balanced_accuracy" for imbalanced classes.</summary>
    public string Metric { get; init; } = "accuracy";

    /// <summary>Whether higher or lower <see cref="Metric"/> is better (format 3; earlier packages' metrics are all higher-is-better).</summary>
    public MetricDirection Direction { get; init; } = MetricDirection.Maximize;

    /// <summary>
    /// The validation value of <see cref="Metric"/> of the model as delivered: with its ensemble and test-time flip,
    /// when fit chose them. Null in packages written during a search.
    /// </summary>
    public double? FinalValidationScore { get; init; }

    /// <summary>
    /// Every figure by name ("validation.accuracy", "final_validation.accuracy", "test.macro_f1", ...) with its direction:
    /// the map a reader that does not know the task compares packages by. Written for them, derived again when read.
    /// </summary>
    public IReadOnlyDictionary<string, MetricValue> Values
    {
        get
        {
            var values = new Dictionary<string, MetricValue>(StringComparer.Ordinal) { [$"validation.{Metric}"] = new(ValidationScore, Direction) };
            if (FinalValidationScore is { } final)
            {
                values[$"final_validation.{Metric}"] = new(final, Direction);
            }
            foreach (var (name, value) in TestScores ?? new Dictionary<string, double>())
            {
                // The headline figures of every report so far (a classifier's accuracy and F1) are higher-is-better.
                values[$"test.{name}"] = new(value, MetricDirection.Maximize);
            }
            return values;
        }
    }
}

/// <summary>A summary of the data a model learnt from.</summary>
/// <param name="Source">Where the data came from.</param>
/// <param name="Format">The format it was read in.</param>
/// <param name="TrainCount">Training images.</param>
/// <param name="ValidationCount">Validation images.</param>
/// <param name="TestCount">Test images.</param>
/// <param name="TrainClassCounts">Training images per class.</param>
/// <param name="SkippedFiles">Files that could not be used.</param>
public sealed record DataSummary(string Source, string Format, int TrainCount, int ValidationCount, int TestCount, IReadOnlyList<int> TrainClassCounts, int SkippedFiles);
