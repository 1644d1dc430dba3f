namespace AutoDL.Monitoring.Drift;

/// <summary>Where drift monitoring stands: the last window's tests, and whether enough windows in a row drifted to alert.</summary>
/// <param name="Drift">Whether the last window tested differs from the reference (any test significant after correction).</param>
/// <param name="Alert">Whether <see cref="DriftMonitor.WindowsToAlert"/> windows in a row have drifted.</param>
/// <param name="Window">Predictions in a window.</param>
/// <param name="Observed">Predictions seen so far.</param>
/// <param name="DriftingInARow">Consecutive windows tested that drifted, up to the last.</param>
/// <param name="Tests">The last window's tests; empty until a window is full.</param>
public sealed record DriftStatus(bool Drift, bool Alert, int Window, long Observed, int DriftingInARow, IReadOnlyList<DriftTest> Tests);
