namespace AutoDL.Training;

/// <summary>What a training run produced.</summary>
/// <param name="History">One report per finished epoch.</param>
/// <param name="BestEpoch">Epoch with the best validation score, by the request's metric (0 when no epoch finished).</param>
/// <param name="BestValidationScore">That score (0 when no epoch finished).</param>
/// <param name="BestWeights">Serialised weights of the best epoch; null when no epoch finished.</param>
/// <param name="StopReason">Why it ended.</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="ParameterCount">Trainable parameters of the network.</param>
public sealed record TrainingResult(
    IReadOnlyList<EpochReport> History,
    int BestEpoch,
    double BestValidationScore,
    byte[]? BestWeights,
    StopReason StopReason,
    double Seconds,
    long ParameterCount);
