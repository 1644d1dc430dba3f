namespace AutoDL.Training;

/// <summary>The training throughput measured at one batch size.</summary>
/// <param name="BatchSize">Images per step.</param>
/// <param name="ImagesPerSecond">Training images per second (forward, backward and optimiser step).</param>
public readonly record struct BatchThroughput(int BatchSize, double ImagesPerSecond);
