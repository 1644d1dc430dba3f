namespace AutoDL.Training;

/// <summary>An epoch's report, and the serialised weights when it is the run's best so far.</summary>
/// <param name="Report">What the epoch measured.</param>
/// <param name="BestWeights">The weights when this epoch improved the validation accuracy; otherwise null.</param>
public sealed record EpochOutcome(EpochReport Report, byte[]? BestWeights);
