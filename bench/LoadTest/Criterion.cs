namespace AutoDL.Bench.LoadTest;

/// <summary>One acceptance criterion of a soak, what was measured against it, and whether it held.</summary>
/// <param name="Name">What is judged, e.g. "/healthz p99".</param>
/// <param name="Threshold">What it must be, e.g. "&lt; 100 ms".</param>
/// <param name="Measured">What the run measured, in the same unit.</param>
/// <param name="Passed">Whether it held; null when the run could not measure it (no server process id for its memory).</param>
internal sealed record Criterion(string Name, string Threshold, string Measured, bool? Passed);
