using AutoDL.Packaging;

namespace AutoDL.Inference;

/// <summary>What <see cref="InferenceTuner.Tune"/> measured and the settings it chose from that.</summary>
/// <param name="Measurements">Every configuration measured, in the order measured.</param>
/// <param name="Chosen">The settings chosen: the lowest 95th-percentile latency for one image, then that engine's batch size of highest throughput as the largest batch to form.</param>
public sealed record InferenceTuning(IReadOnlyList<InferenceMeasurement> Measurements, InferenceSettings Chosen);
