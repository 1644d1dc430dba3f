using AutoDL.Data.Augmentation;

namespace AutoDL.Training;

/// <summary>How one network is trained: every hyperparameter the search may tune, as data.</summary>
/// <param name="Optimizer">The optimiser.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="WeightDecay">Decoupled weight decay (AdamW) or L2 (SGD).</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Epochs">Planned epochs; the schedule spans them. Early stopping or pruning may end sooner.</param>
/// <param name="Schedule">Learning-rate schedule.</param>
/// <param name="LabelSmoothing">Label smoothing for the cross-entropy (Szegedy et al., 2016); 0 disables it.</param>
/// <param name="Augmentation">Batch augmentation.</param>
/// <param name="Balancing">How class imbalance is countered.</param>
/// <param name="EarlyStoppingPatience">Epochs without a better validation metric before stopping, counted only in the second half of the schedule; 0 disables it.</param>
public sealed record TrainingConfig(
    OptimizerKind Optimizer = OptimizerKind.AdamW,
    double LearningRate = 3e-3,
    double WeightDecay = 5e-4,
    int BatchSize = 128,
    int Epochs = 10,
    LearningRateSchedule Schedule = LearningRateSchedule.OneCycle,
    double LabelSmoothing = 0.1,
    AugmentationConfig? Augmentation = null,
    int EarlyStoppingPatience = 5,
    ClassBalancing Balancing = ClassBalancing.None)
{
    /// <summary>
    /// Epochs spanned by an exponential moving average of the weights that is validated and kept instead of the raw
    /// weights (the average's time constant); 0 keeps the raw weights.
    /// </summary>
    public double WeightAveraging { get; init; }

    /// <summary>The augmentation, never null.</summary>
    public AugmentationConfig EffectiveAugmentation => Augmentation ?? new AugmentationConfig();

    /// <summary>A short description for a leaderboard column.</summary>
    public string Describe() =>
        $"{Optimizer} lr={LearningRate:0.####} wd={WeightDecay:0.#####} bs={BatchSize} ep={Epochs} {Schedule} ls={LabelSmoothing:0.##} {EffectiveAugmentation.Describe()}{(Balancing == ClassBalancing.None ? "" : $" balance={Balancing}")}{(WeightAveraging > 0 ? $" ema={WeightAveraging:0.##}" : "")}";
}
