namespace AutoDL.Search;

/// <summary>What a trial runner reports back when a trial ends.</summary>
/// <param name="State">Complete, Pruned or Fail.</param>
/// <param name="Value">Best validation value, when an epoch finished.</param>
/// <param name="BestEpoch">The epoch of that value.</param>
/// <param name="ParameterCount">Trainable parameters of the network.</param>
/// <param name="Note">Why it ended, or the error.</param>
public sealed record TrialOutcome(TrialState State, double? Value, int BestEpoch, long ParameterCount, string? Note);
