namespace AutoDL.Monitoring.Drift;

/// <summary>One test of a window against the reference.</summary>
/// <param name="Name">What it compares, e.g. "embedding component 1 (Kolmogorov–Smirnov)".</param>
/// <param name="Statistic">The test statistic.</param>
/// <param name="PValue">The chance of a statistic at least this large were the window drawn like the reference.</param>
/// <param name="Significant">Whether it rejects, after Holm's correction for the several tests of a window.</param>
public sealed record DriftTest(string Name, double Statistic, double PValue, bool Significant);
