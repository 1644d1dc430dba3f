using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// What the search may change for image classification, and how a point of that space becomes a network
/// and a training recipe. Ranges come from the usual small-image recipes (ResNet/MobileNet on CIFAR and
/// MNIST-like data) and are kept narrow enough that a random point is rarely hopeless on a CPU budget.
/// </summary>
public static class ImageClassificationSearchSpace
{
    private static readonly string[] Optimizers = ["adamw", "sgd"];
    private static readonly string[] Schedules = ["onecycle", "cosine"];
    private static readonly string[] BatchSizes = ["64", "128", "256"];
    private static readonly string[] Booleans = ["false", "true"];
    private static readonly string[] Policies = ["basic", "trivialaugment"];
    private static readonly string[] Mixes = ["none", "mixup", "cutmix"];
    private static readonly string[] Balancings = ["none", "weighted_loss", "balanced_sampling"];

    /// <summary>
    /// Every trial validates and keeps an average of its weights over the last quarter epoch: on Fashion-MNIST it
    /// validated 0.6 to 7 points better than the raw weights after each of the first eight of ten epochs and level
    /// with them at the end (bench/results/weight-averaging-fashion-mnist.md), so the model on disk is better at
    /// every moment and Hyperband ranks trials on steadier values. A span of one epoch lagged behind.
    /// </summary>
    private const double WeightAveragingEpochs = 0.25;

    /// <summary>The parameter a learning-rate range test re-centres (<see cref="For"/>).</summary>
    private const string AdamWLearningRate = "adamw.lr";

    /// <summary>The parameter that only imbalanced data searches.</summary>
    private const string BalanceParameter = "balance";

    /// <summary>The parameter that only data whose mirrored images keep their labels searches.</summary>
    private const string FlipParameter = "flip";

    /// <summary>The space.</summary>
    public static SearchSpace Space { get; } = new(
    [
        .. BackboneSearchSpace.Parameters(BackboneSearchSpace.AllFamilies),
        new("dropout", new FloatDistribution(0, 0.3)),
        new("optimizer", new CategoricalDistribution(Optimizers)),
        // AdamW and SGD want learning rates two orders of magnitude apart, so each has its own range.
        new(AdamWLearningRate, new FloatDistribution(3e-4, 5e-2, Log: true), "optimizer", "adamw"),
        new("sgd.lr", new FloatDistribution(1e-2, 0.3, Log: true), "optimizer", "sgd"),
        new("weight_decay", new FloatDistribution(1e-5, 1e-2, Log: true)),
        new("batch_size", new CategoricalDistribution(BatchSizes)),
        new("epochs", new IntDistribution(1, 40)),
        new("schedule", new CategoricalDistribution(Schedules)),
        new("label_smoothing", new FloatDistribution(0, 0.2)),
        new("pad_crop", new IntDistribution(0, 4)),
        new(FlipParameter, new CategoricalDistribution(Booleans)),
        // Beyond crop and flip: TrivialAugment with a searched strongest distortion, random erasing and image mixing.
        new("augment", new CategoricalDistribution(Policies)),
        new("trivialaugment.magnitude", new FloatDistribution(0.1, 1.0), "augment", "trivialaugment"),
        new("erasing", new FloatDistribution(0, 0.5)),
        new("mix", new CategoricalDistribution(Mixes)),
        new(BalanceParameter, new CategoricalDistribution(Balancings)),
    ]);

    /// <summary>The batch sizes the search chooses from, and that fit measures to pick its defaults' batch.</summary>
    public static IReadOnlyList<int> BatchSizeChoices { get; } = [.. BatchSizes.Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The batch size the default recipe's learning rate was measured at.</summary>
    public const int DefaultBatchSize = 128;

    /// <summary>The default recipe's peak learning rate at <see cref="DefaultBatchSize"/>.</summary>
    private const double DefaultLearningRate = 0.02;

    /// <summary>
    /// The space searched for data with these traits. Class balancing only when the classes are imbalanced, where it
    /// can matter; on balanced data its choices would train the same network and only dilute the search. Flipping
    /// only when mirrored images keep their labels: on letters or digits it teaches the network wrong examples.
    /// With a learning-rate range test's <paramref name="suggestedLearningRate"/>, the AdamW learning rates span a decade
    /// centred on it (widened to keep the default recipe's rate at <paramref name="batchSize"/> and at every other batch size, the first look's included) instead of the fixed range.
    /// </summary>
    public static SearchSpace For(DataTraits traits, double? suggestedLearningRate = null, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(traits);
        var space = Space.Subset(p => (p.Name != BalanceParameter || traits.Imbalanced) && (p.Name != FlipParameter || traits.FlipLooksSafe));
        // Every batch size's default rate stays inside: the defaults' (at the calibrated batch) and the first look's (at the smallest).
        return LearningRateRange.CentreOn(space, AdamWLearningRate, suggestedLearningRate, [DefaultLearningRateAt(batchSize), .. BatchSizeChoices.Select(DefaultLearningRateAt)]);
    }

    /// <summary>
    /// The default recipe's peak learning rate at <paramref name="batchSize"/>: the rate measured at
    /// <see cref="DefaultBatchSize"/>, scaled by the square root of the batch ratio, the rule for Adam-style optimisers
    /// (Malladi et al., "On the SDEs and Scaling Rules for Adaptive Gradient Algorithms", 2022).
    /// </summary>
    public static double DefaultLearningRateAt(int batchSize) => LearningRateRange.ScaledTo(DefaultLearningRate, DefaultBatchSize, batchSize);

    /// <summary>Whether a parameter shapes the network (the family and its own parameters) rather than how it is trained.</summary>
    public static bool IsArchitecture(SearchParameter parameter) => BackboneSearchSpace.IsBackbone(parameter);

    /// <summary>
    /// Candidates for the configuration tried first, cheapest first: ResNets of one block per stage, which
    /// train fastest per point of accuracy on small images on a CPU (bench/results/model-throughput.md), over
    /// <see cref="DefaultStages"/> stages. The pipeline takes the largest one that still gets enough epochs in its
    /// share of the time.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(DataTraits traits, int batchSize = DefaultBatchSize) =>
        [.. new[] { 16, 24, 32, 48, 64 }.Select(width => Default(epochs: 1, width, traits, batchSize))];

    /// <summary>
    /// A default configuration: a ResNet of <see cref="DefaultStages"/> stages and the given width, AdamW with one-cycle, label smoothing
    /// 0.1, light crop augmentation, no flip, and class-weighted loss when the classes are imbalanced. Flipping is
    /// left to the search even where it is safe: on Fashion-MNIST it cost 0.6 points of test accuracy after 8 epochs
    /// (bench/results/augmentation-fashion-mnist.md), and a short budget trains few epochs. The peak learning rate 2e-2 is
    /// measured (bench/results/recipes-letters-5ep-round*.json, 5 epochs of ResNet(3,1,16) on 23,400 letters):
    /// validation accuracy 0.894 at 3e-3, 0.927 at 1e-2, 0.944 at 2e-2, 0.948 at 3e-2, 0.950 at 5e-2; 2e-2
    /// takes nearly all of the gain while leaving room below the rates where wider networks start to diverge.
    /// At a batch size other than <see cref="DefaultBatchSize"/> (fit calibrates it) the rate follows
    /// <see cref="DefaultLearningRateAt"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Default(int epochs, int width = 32, DataTraits? traits = null, int batchSize = DefaultBatchSize) =>
        WithDefaultRecipe(BackboneSearchSpace.ResNet(DefaultStages, blocks: 1, width), epochs, traits, batchSize);

    /// <summary>
    /// The default ResNets' stages. Four, not three: in the same 520 s of Fashion-MNIST, ResNet(4,1,16) trained 12
    /// epochs to 0.9375 validation accuracy where ResNet(3,1,16) trained 15 to 0.9312, and widening three stages to
    /// 24 or 32 (8 and 5 epochs) did no better (bench/results/width-epochs.md; letters likewise, at 120 s). The fourth
    /// stage doubles the channels once more at an eighth of the input's resolution, so it adds capacity for a quarter more time.
    /// </summary>
    public const int DefaultStages = 4;

    /// <summary>
    /// The first look's configuration (fit's first, few-second trial): the default recipe on a plain CNN of two blocks of
    /// width 16, for one epoch. On Fashion-MNIST one epoch of it reached 0.863 validation accuracy in 15 s at batch 64,
    /// where one epoch of the default's ResNet took 30 s for 0.834 (bench/results/recipes-fashion-mnist-1ep.json), so the
    /// few seconds the first look has train it further.
    /// </summary>
    public static IReadOnlyDictionary<string, double> FirstLook(DataTraits traits, int batchSize) =>
        WithDefaultRecipe(BackboneSearchSpace.PlainCnn(blocks: 2, width: 16), epochs: 1, traits, batchSize);

    private static IReadOnlyDictionary<string, double> WithDefaultRecipe(IReadOnlyDictionary<string, string> backbone, int epochs, DataTraits? traits, int batchSize) =>
        Encode(DefaultRecipe(backbone, epochs, traits, batchSize), For(traits ?? DataTraits.Plain));

    /// <summary>
    /// The default recipe on <paramref name="backbone"/> with <paramref name="changes"/> (readable values by parameter name),
    /// for data with <paramref name="traits"/>: a change of a parameter the traits leave out of the space (flipping on data
    /// that mirroring would mislabel) is dropped, and choosing SGD drops AdamW's learning rate.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Variant(IReadOnlyDictionary<string, string> backbone, IReadOnlyDictionary<string, string> changes, int epochs, DataTraits? traits, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(changes);
        traits ??= DataTraits.Plain;
        var readable = DefaultRecipe(backbone, epochs, traits, batchSize);
        var space = For(traits);
        foreach (var (name, value) in changes.Where(c => space.Parameters.Any(p => p.Name == c.Key)))
        {
            readable[name] = value;
        }
        if (readable["optimizer"] != "adamw")
        {
            readable.Remove(AdamWLearningRate);
        }
        return Encode(readable, space);
    }

    /// <summary>
    /// The default recipe (<see cref="Default"/>) on <paramref name="backbone"/>, in readable form, for data with
    /// <paramref name="traits"/> at <paramref name="batchSize"/>: what the portfolio's configurations change a few values of.
    /// </summary>
    private static Dictionary<string, string> DefaultRecipe(IReadOnlyDictionary<string, string> backbone, int epochs, DataTraits? traits, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        traits ??= DataTraits.Plain;
        var readable = new Dictionary<string, string>(backbone, StringComparer.Ordinal)
        {
            ["dropout"] = "0",
            ["optimizer"] = "adamw",
            [AdamWLearningRate] = DefaultLearningRateAt(batchSize).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["weight_decay"] = "0.0005",
            ["batch_size"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["epochs"] = epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["schedule"] = "onecycle",
            ["label_smoothing"] = "0.1",
            ["pad_crop"] = "2",
            ["augment"] = "basic",
            ["erasing"] = "0",
            ["mix"] = "none",
        };
        if (traits.Imbalanced)
        {
            readable[BalanceParameter] = "weighted_loss";
        }
        if (traits.FlipLooksSafe)
        {
            readable[FlipParameter] = "false";
        }
        return readable;
    }

    /// <summary>Internal values from readable ones, checked against <paramref name="space"/> (the whole space when null).</summary>
    public static IReadOnlyDictionary<string, double> Encode(IReadOnlyDictionary<string, string> readable, SearchSpace? space = null)
    {
        ArgumentNullException.ThrowIfNull(readable);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, text) in readable)
        {
            values[name] = Space[name].Distribution is CategoricalDistribution categorical
                ? categorical.IndexOf(text)
                : double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        }
        (space ?? Space).Validate(values);
        return values;
    }

    /// <summary>The network a point of the space describes, for images of <paramref name="input"/>'s shape.</summary>
    public static ModelConfig ToModel(IReadOnlyDictionary<string, double> p, ImageShape input)
    {
        ArgumentNullException.ThrowIfNull(p);
        return BackboneSearchSpace.ToBackbone(p, Space, StemSelection.For(input), p["dropout"]);
    }

    /// <summary>The training recipe a point of the space describes.</summary>
    public static TrainingConfig ToTraining(IReadOnlyDictionary<string, double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        bool adamw = Choice(p, "optimizer") == "adamw";
        return new TrainingConfig(
            Optimizer: adamw ? OptimizerKind.AdamW : OptimizerKind.SgdNesterov,
            LearningRate: adamw ? p[AdamWLearningRate] : p["sgd.lr"],
            WeightDecay: p["weight_decay"],
            BatchSize: int.Parse(Choice(p, "batch_size"), System.Globalization.CultureInfo.InvariantCulture),
            Epochs: (int)p["epochs"],
            Schedule: Choice(p, "schedule") == "onecycle" ? LearningRateSchedule.OneCycle : LearningRateSchedule.Cosine,
            LabelSmoothing: p["label_smoothing"],
            Augmentation: new AugmentationConfig((int)p["pad_crop"], p.ContainsKey(FlipParameter) && Choice(p, FlipParameter) == "true")
            {
                Magnitude = Choice(p, "augment") == "trivialaugment" ? p["trivialaugment.magnitude"] : 0,
                ErasingProbability = p["erasing"],
                Mix = Choice(p, "mix") switch { "mixup" => MixKind.Mixup, "cutmix" => MixKind.CutMix, _ => MixKind.None },
            },
            // The search's scheduler prunes weak trials; early stopping only saves a trial that has plateaued.
            EarlyStoppingPatience: 5,
            Balancing: p.ContainsKey(BalanceParameter)
                ? Choice(p, BalanceParameter) switch { "weighted_loss" => ClassBalancing.WeightedLoss, "balanced_sampling" => ClassBalancing.BalancedSampling, _ => ClassBalancing.None }
                : ClassBalancing.None)
        {
            WeightAveraging = WeightAveragingEpochs,
        };
    }

    /// <summary>A copy of <paramref name="p"/> with a different number of epochs (to fit the time left).</summary>
    public static IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> p, int epochs)
    {
        ArgumentNullException.ThrowIfNull(p);
        var epochsRange = (IntDistribution)Space["epochs"].Distribution;
        return new Dictionary<string, double>(p, StringComparer.Ordinal) { ["epochs"] = Math.Clamp(epochs, epochsRange.Low, epochsRange.High) };
    }

    private static string Choice(IReadOnlyDictionary<string, double> p, string name) => Space[name].Distribution.Format(p[name]);
}
