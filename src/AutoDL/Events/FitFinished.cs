using System.Text.Json.Serialization;

namespace AutoDL.Events;

/// <summary>What the fit cost, measured by its process when it ended: the run report's cost section reads it.</summary>
/// <param name="WallSeconds">Wall time from the start of the fit.</param>
/// <param name="CpuSeconds">Processor time the process used, over all its threads.</param>
/// <param name="PeakMemoryBytes">The process's peak resident memory.</param>
/// <param name="Cores">Logical processors the machine offered.</param>
public sealed record FitFinished(double WallSeconds, double CpuSeconds, long PeakMemoryBytes, int Cores) : FitEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override FitStage Stage => FitStage.Finishing;

    /// <summary>What the process in which the fit ran has used so far, <paramref name="wallSeconds"/> after it started.</summary>
    public static FitFinished Measure(double wallSeconds)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new FitFinished(wallSeconds, process.TotalProcessorTime.TotalSeconds, process.PeakWorkingSet64, Environment.ProcessorCount);
    }

    /// <inheritdoc/>
    public override string Describe() => Text($"fit finished: {WallSeconds:0}s wall, {CpuSeconds / 3600:0.000} CPU-hours on {Cores} cores, peak memory {PeakMemoryBytes / (1024.0 * 1024 * 1024):0.00} GiB");
}
