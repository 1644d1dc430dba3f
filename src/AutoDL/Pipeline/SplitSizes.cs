namespace AutoDL.Pipeline;

/// <summary>How many examples each split holds.</summary>
internal sealed record SplitSizes(int Train, int Validation, int Test);
