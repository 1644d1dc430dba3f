using AutoDL.Packaging;

namespace AutoDL.Inference;

/// <summary>One configuration <see cref="InferenceTuner"/> measured.</summary>
/// <param name="Backend">The engine.</param>
/// <param name="Threads">Intra-op threads.</param>
/// <param name="BatchSize">Images per call.</param>
/// <param name="Calls">Calls timed.</param>
/// <param name="P50Milliseconds">Median wall time of one call.</param>
/// <param name="P95Milliseconds">95th percentile wall time of one call.</param>
/// <param name="ImagesPerSecond">Images classified per second of wall time.</param>
public sealed record InferenceMeasurement(InferenceBackend Backend, int Threads, int BatchSize, int Calls, double P50Milliseconds, double P95Milliseconds, double ImagesPerSecond);
