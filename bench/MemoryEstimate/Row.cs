namespace AutoDL.Bench.MemoryEstimate;

/// <summary>One case's estimate and measurement, as written to bench/results/memory-estimate.json.</summary>
internal sealed record Row(
    string Model,
    string Input,
    int Batch,
    long Parameters,
    long ActivationElements,
    long EstimateBytes,
    long MeasuredBytes,
    double Ratio,
    double ImpliedFactor);
