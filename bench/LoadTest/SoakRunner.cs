using System.Diagnostics;
using System.Globalization;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// A soak: well-behaved clients, slow clients, bursts of bad requests and a /healthz prober against one server at
/// once, for long enough that a leak or a slowly exhausted resource shows, while the server's memory is sampled.
/// The well-behaved clients must see no error, whatever the others do.
/// </summary>
internal static class SoakRunner
{
    /// <summary>The acceptance's bounds (issue 20): resident memory below 1 GiB, /healthz p99 below 100 ms.</summary>
    private const long RssLimitBytes = 1L << 30;

    private const double HealthP99LimitMs = 100;

    /// <summary>A load balancer's probe interval is seconds; ten a second gives a p99 from a few thousand probes in 10 minutes.</summary>
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Slow clients start spread over the server's body deadline (30 s), so that their 408s and reconnections spread
    /// out as real clients' would, instead of arriving as one wave every 30 s.
    /// </summary>
    private static readonly TimeSpan s_slowStartSpread = TimeSpan.FromSeconds(30);

    public static async Task<SoakResult> RunAsync(SoakOptions options, TextWriter progress)
    {
        var images = ClosedLoopClient.LoadImages(options.Images);
        var server = new Uri(options.Url);
        var predict = new Uri(server, "/v1/predict");
        // Each kind of client has its own connections, so none waits for a connection another kind holds.
        using var goodClient = ClosedLoopClient.CreateHttpClient(options.GoodClients);
        using var badClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = BadRequestBursts.Timeout };
        using var healthClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(10) };

        var slowOutcomes = new OutcomeCounts();
        var slowClients = Enumerable.Range(0, options.SlowClients).Select(_ => new SlowClient(server, slowOutcomes)).ToArray();
        var bursts = new BadRequestBursts(badClient, predict, BadRequest.Mix(images[0]), options.BurstSize);
        var prober = new HealthProber(healthClient, new Uri(server, "/healthz"));
        var sampler = options.ServerPid is int pid ? new MemorySampler(pid, progress) : null;

        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Label}: {options.Duration.TotalSeconds:0} s against {options.Url}: {options.GoodClients} well-behaved clients ({images.Length} images), {options.SlowClients} slow clients, {options.BurstSize} bad requests every {options.BurstEvery.TotalSeconds:0} s, /healthz every {s_probeInterval.TotalMilliseconds:0} ms"));
        var before = CpuSnapshot.Take(options.ServerPid);
        var started = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();

        using var stop = new CancellationTokenSource(options.Duration);
        var background = new List<Task>
        {
            bursts.RunAsync(options.BurstEvery, stop.Token),
            prober.RunAsync(s_probeInterval, stop.Token),
        };
        background.AddRange(slowClients.Select((c, i) => c.RunAsync(s_slowStartSpread * i / Math.Max(1, options.SlowClients), stop.Token)));
        if (sampler is not null)
        {
            background.Add(sampler.RunAsync(stop.Token));
        }
        var good = await ClosedLoopClient.RunAllAsync(goodClient, predict, images, options.GoodClients, options.Duration, record: true, get: false).ConfigureAwait(false);
        double elapsed = stopwatch.Elapsed.TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(background).ConfigureAwait(false);

        var after = CpuSnapshot.Take(options.ServerPid);
        var rssSamples = sampler?.ResidentBytes ?? [];

        var goodCodes = ClosedLoopClient.MergeStatusCodes(good);
        var goodLatency = Distribution.Of(good.SelectMany(c => c.Latencies));
        var badRequests = bursts.Figures;
        var healthLatency = Distribution.Of(prober.LatenciesMs);
        // A connection still trickling when the run ended says nothing about the server: counted apart.
        var slowEnded = slowOutcomes.Snapshot();
        slowEnded.Remove(SlowClient.CutOff);
        var result = new SoakResult
        {
            Label = options.Label,
            Url = options.Url,
            StartedUtc = started,
            DurationSeconds = elapsed,
            GoodClients = options.GoodClients,
            SlowClients = options.SlowClients,
            BurstEverySeconds = options.BurstEvery.TotalSeconds,
            BurstSize = options.BurstSize,
            DistinctImages = images.Length,
            GoodRequests = goodLatency?.Count ?? 0,
            GoodErrors = good.Sum(c => c.Errors),
            GoodServerBusy = goodCodes.GetValueOrDefault("503"),
            GoodStatusCodes = goodCodes,
            GoodRequestsPerSecond = (goodLatency?.Count ?? 0) / elapsed,
            GoodLatencyMs = goodLatency,
            SlowAttempts = slowEnded.Values.Sum(),
            SlowOutcomes = slowEnded,
            SlowOpenAtEnd = slowOutcomes[SlowClient.CutOff],
            SlowHeldSeconds = Distribution.Of(slowClients.SelectMany(c => c.HeldSeconds)),
            Bursts = bursts.Bursts,
            BadRequests = badRequests,
            BadRequestServerErrors = badRequests.Sum(k => k.Outcomes.Where(o => o.Key.StartsWith('5')).Sum(o => o.Value)),
            BadRequestsUnanswered = badRequests.Sum(k => k.Outcomes.Where(o => !int.TryParse(o.Key, CultureInfo.InvariantCulture, out _)).Sum(o => o.Value)),
            BadRequestLatencyMs = bursts.LatencyMs,
            HealthProbeIntervalMs = s_probeInterval.TotalMilliseconds,
            HealthProbes = prober.Outcomes.Total,
            HealthFailures = prober.Outcomes.Total - prober.Outcomes["200"],
            HealthOutcomes = prober.Outcomes.Snapshot(),
            HealthLatencyMs = healthLatency,
            ServerRssMaxBytes = rssSamples.Count > 0 ? rssSamples.Max() : null,
            ServerRssFinalBytes = ProcFs.ResidentBytes(options.ServerPid),
            ServerRssSamplesMiB = rssSamples.Select(b => b >> 20).ToList(),
            ServerCpuSeconds = after.ServerSeconds - before.ServerSeconds,
            ClientCpuSeconds = (after.ClientTime - before.ClientTime).TotalSeconds,
            MachineCpuSeconds = after.MachineSeconds - before.MachineSeconds,
            LoadAverageBefore = before.LoadAverage,
            LoadAverageAfter = after.LoadAverage,
            Criteria = [],
        };
        return result with { Criteria = Judge(result) };
    }

    /// <summary>Issue 20's acceptance: no error for the well-behaved clients, the server's RSS below 1 GiB, /healthz p99 below 100 ms.</summary>
    private static List<Criterion> Judge(SoakResult r) =>
    [
        new("well-behaved clients' errors", "0", string.Create(CultureInfo.InvariantCulture, $"{r.GoodErrors:N0} of {r.GoodRequests:N0} ({r.GoodServerBusy:N0} of them 503)"), r.GoodErrors == 0),
        new("server's largest RSS", "< 1 GiB",
            r.ServerRssMaxBytes is long rss ? string.Create(CultureInfo.InvariantCulture, $"{rss / 1048576.0:N0} MiB") : "not measured (no --server-pid)",
            r.ServerRssMaxBytes is long max ? max < RssLimitBytes : null),
        new("/healthz p99", string.Create(CultureInfo.InvariantCulture, $"< {HealthP99LimitMs:0} ms"),
            r.HealthLatencyMs is { } health ? string.Create(CultureInfo.InvariantCulture, $"{health.P99:0.0} ms over {health.Count:N0} probes ({r.HealthFailures:N0} not 200)") : "no probe answered",
            r.HealthLatencyMs is { } h && h.P99 < HealthP99LimitMs),
    ];
}
