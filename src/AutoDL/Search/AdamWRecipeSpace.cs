using System.Globalization;
using AutoDL.Data.Augmentation;
using AutoDL.Search.Distributions;
using AutoDL.Training;

namespace AutoDL.Search;

/// <summary>
/// The recipe part of a dense-prediction task's space (detection, segmentation): AdamW's peak rate and weight decay,
/// the batch size, the epochs and the schedule, and how a point becomes a <see cref="TrainingConfig"/>. Such a task
/// augments its examples itself (geometry must move its targets too), so the classifier's augmentation is off, and no
/// label smoothing is applied.
/// </summary>
internal static class AdamWRecipeSpace
{
    /// <summary>The peak learning rate's parameter, which calibration centres.</summary>
    public const string LearningRate = "adamw.lr";

    private static readonly string[] s_schedules = ["onecycle", "cosine"];

    /// <summary>The recipe's parameters, choosing the batch size among <paramref name="batchSizes"/> and up to <paramref name="maxEpochs"/> epochs.</summary>
    public static IReadOnlyList<SearchParameter> Parameters(IReadOnlyList<int> batchSizes, int maxEpochs) =>
    [
        new(LearningRate, new FloatDistribution(3e-4, 1e-2, Log: true)),
        new("weight_decay", new FloatDistribution(1e-5, 1e-3, Log: true)),
        new("batch_size", new CategoricalDistribution([.. batchSizes.Select(b => b.ToString(CultureInfo.InvariantCulture))])),
        new("epochs", new IntDistribution(1, maxEpochs)),
        new("schedule", new CategoricalDistribution(s_schedules)),
    ];

    /// <summary>The default recipe, readable: AdamW at <paramref name="learningRate"/> with one-cycle, decay 1e-4.</summary>
    public static IReadOnlyDictionary<string, string> Default(double learningRate, int batchSize, int epochs) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [LearningRate] = learningRate.ToString("R", CultureInfo.InvariantCulture),
        ["weight_decay"] = "0.0001",
        ["batch_size"] = batchSize.ToString(CultureInfo.InvariantCulture),
        ["epochs"] = epochs.ToString(CultureInfo.InvariantCulture),
        ["schedule"] = "onecycle",
    };

    /// <summary><paramref name="readable"/> (categorical values by name, numbers as text) as a point of <paramref name="space"/>, validated.</summary>
    public static IReadOnlyDictionary<string, double> Encode(SearchSpace space, IReadOnlyDictionary<string, string> readable)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(readable);
        var values = readable.ToDictionary(
            r => r.Key,
            r => space[r.Key].Distribution is CategoricalDistribution categorical ? categorical.IndexOf(r.Value) : double.Parse(r.Value, CultureInfo.InvariantCulture),
            StringComparer.Ordinal);
        space.Validate(values);
        return values;
    }

    /// <summary>The recipe a point of <paramref name="space"/> describes.</summary>
    public static TrainingConfig ToTraining(SearchSpace space, IReadOnlyDictionary<string, double> p)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(p);
        return new TrainingConfig(
            Optimizer: OptimizerKind.AdamW,
            LearningRate: p[LearningRate],
            WeightDecay: p["weight_decay"],
            BatchSize: int.Parse(Choice(space, p, "batch_size"), CultureInfo.InvariantCulture),
            Epochs: (int)p["epochs"],
            Schedule: Choice(space, p, "schedule") == "onecycle" ? LearningRateSchedule.OneCycle : LearningRateSchedule.Cosine,
            LabelSmoothing: 0,
            Augmentation: AugmentationConfig.None,
            EarlyStoppingPatience: 5);
    }

    /// <summary>A copy of <paramref name="p"/> set to train <paramref name="epochs"/> epochs (within <paramref name="space"/>'s range).</summary>
    public static IReadOnlyDictionary<string, double> WithEpochs(SearchSpace space, IReadOnlyDictionary<string, double> p, int epochs)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(p);
        var range = (IntDistribution)space["epochs"].Distribution;
        return new Dictionary<string, double>(p, StringComparer.Ordinal) { ["epochs"] = Math.Clamp(epochs, range.Low, range.High) };
    }

    private static string Choice(SearchSpace space, IReadOnlyDictionary<string, double> p, string name) => space[name].Distribution.Format(p[name]);
}
