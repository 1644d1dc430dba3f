namespace AutoDL.Bench.LoadTest;

/// <summary>What one soak measured, as written to JSON.</summary>
internal sealed record SoakResult
{
    public required string Label { get; init; }

    public required string Url { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public required double DurationSeconds { get; init; }

    public required int GoodClients { get; init; }

    public required int SlowClients { get; init; }

    public required double BurstEverySeconds { get; init; }

    public required int BurstSize { get; init; }

    public required int DistinctImages { get; init; }

    /// <summary>Requests the well-behaved clients sent over the whole run (no warm-up: a soak counts every request).</summary>
    public required long GoodRequests { get; init; }

    /// <summary>Well-behaved requests answered with anything but 2xx, or not at all.</summary>
    public required long GoodErrors { get; init; }

    /// <summary>Of <see cref="GoodErrors"/>, the 503s: the server shedding load (a full queue or body budget), not failing.</summary>
    public required long GoodServerBusy { get; init; }

    /// <summary>Well-behaved answers by status code ("0" for a request that got no answer).</summary>
    public required IReadOnlyDictionary<string, long> GoodStatusCodes { get; init; }

    public required double GoodRequestsPerSecond { get; init; }

    public Distribution? GoodLatencyMs { get; init; }

    /// <summary>Slow connections that ended over the run (those still trickling at its end are not counted).</summary>
    public required long SlowAttempts { get; init; }

    /// <summary>How slow connections ended: the status the server answered, or how it dropped them.</summary>
    public required IReadOnlyDictionary<string, long> SlowOutcomes { get; init; }

    /// <summary>Slow connections still trickling their body when the run ended.</summary>
    public required long SlowOpenAtEnd { get; init; }

    /// <summary>How long each ended slow connection was held, in seconds.</summary>
    public Distribution? SlowHeldSeconds { get; init; }

    public required int Bursts { get; init; }

    public required IReadOnlyList<BadRequestFigures> BadRequests { get; init; }

    /// <summary>Bad requests answered with a 5xx: a refusal must be the client's fault (4xx), never the server's.</summary>
    public required long BadRequestServerErrors { get; init; }

    /// <summary>Bad requests with no answer within the client's timeout or a broken connection instead of one.</summary>
    public required long BadRequestsUnanswered { get; init; }

    public Distribution? BadRequestLatencyMs { get; init; }

    public required double HealthProbeIntervalMs { get; init; }

    public required long HealthProbes { get; init; }

    /// <summary>Probes answered with anything but 200, or not at all.</summary>
    public required long HealthFailures { get; init; }

    public required IReadOnlyDictionary<string, long> HealthOutcomes { get; init; }

    public Distribution? HealthLatencyMs { get; init; }

    /// <summary>The largest of the server's once-a-second resident memory samples (VmRSS).</summary>
    public long? ServerRssMaxBytes { get; init; }

    /// <summary>The server's resident memory once the run had ended: what it keeps after the load.</summary>
    public long? ServerRssFinalBytes { get; init; }

    /// <summary>The server's resident memory once a second, in MiB: a leak shows as a climb.</summary>
    public required IReadOnlyList<long> ServerRssSamplesMiB { get; init; }

    /// <summary>CPU seconds (user + system) the server process used over the run.</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>CPU seconds this load generator used over the run: it shares the machine with the server.</summary>
    public required double ClientCpuSeconds { get; init; }

    /// <summary>CPU seconds every process on the machine used over the run, so another job competing shows.</summary>
    public double? MachineCpuSeconds { get; init; }

    public string? LoadAverageBefore { get; init; }

    public string? LoadAverageAfter { get; init; }

    /// <summary>The acceptance criteria of issue 20 and whether each held.</summary>
    public required IReadOnlyList<Criterion> Criteria { get; init; }
}
