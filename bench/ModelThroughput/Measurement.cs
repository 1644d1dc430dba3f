namespace AutoDL.Bench.ModelThroughput;

/// <summary>One timed run of one network; CPU time is the whole process's (both torch threads, spin-waits included).</summary>
internal sealed record Measurement(long Parameters, double ImagesPerSecond, double MedianBatchMs, double FastestBatchMs, double CpuMsPerImage, double LoadAverage);
