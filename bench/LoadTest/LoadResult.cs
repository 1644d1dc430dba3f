namespace AutoDL.Bench.LoadTest;

/// <summary>What one load run measured, as written to JSON.</summary>
internal sealed record LoadResult
{
    public required string Label { get; init; }

    public required string Url { get; init; }

    public required int Clients { get; init; }

    public required double DurationSeconds { get; init; }

    public required double WarmupSeconds { get; init; }

    public required int DistinctImages { get; init; }

    public required long Requests { get; init; }

    public required long Errors { get; init; }

    /// <summary>Answers by status code ("0" for a request that got no answer).</summary>
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double LatencyMeanMs { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP95Ms { get; init; }

    public required double LatencyP99Ms { get; init; }

    public required double LatencyMaxMs { get; init; }

    /// <summary>Images per forward pass on the server over the measured window (from its /metrics), when it exposes them.</summary>
    public double? MeanBatchSize { get; init; }

    /// <summary>Seconds the model's forward passes took over the measured window (from /metrics): how busy the model was.</summary>
    public double? ModelBusySeconds { get; init; }

    /// <summary>CPU seconds (user + system) the server process used over the measured window.</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>CPU seconds this load generator used over the measured window: it shares the machine with the server.</summary>
    public required double ClientCpuSeconds { get; init; }

    /// <summary>
    /// CPU seconds every process on the machine used over the window (/proc/stat), so that what neither the server
    /// nor this generator used (another job, even a niced one) shows: the load average counts our own 32 clients.
    /// </summary>
    public double? MachineCpuSeconds { get; init; }

    /// <summary>The load average (1, 5, 15 minutes) when the run started when the run started, to judge whether something else was using the machine.</summary>
    public string? LoadAverageBefore { get; init; }

    public string? LoadAverageAfter { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }
}
