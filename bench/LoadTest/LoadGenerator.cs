using System.Diagnostics;
using System.Globalization;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// A closed-loop load generator: each client posts one PNG, waits for the answer, and posts the next, so
/// throughput is what the server sustains at that concurrency and latency is what each request saw.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(LoadOptions options, TextWriter progress)
    {
        var images = ClosedLoopClient.LoadImages(options.Images);
        using var client = ClosedLoopClient.CreateHttpClient(options.Clients);
        var predictUri = new Uri(options.Url);
        var metricsUri = new Uri(predictUri, "/metrics");

        progress.WriteLine($"{options.Label}: {options.Clients} clients, {images.Length} images, warm-up {options.Warmup.TotalSeconds:0} s, then {options.Duration.TotalSeconds:0} s against {options.Url}");
        await ClosedLoopClient.RunAllAsync(client, predictUri, images, options.Clients, options.Warmup, record: false, options.Get).ConfigureAwait(false);

        var serverBefore = await ReadServerTotalsAsync(client, metricsUri).ConfigureAwait(false);
        var before = CpuSnapshot.Take(options.ServerPid);
        var started = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var workers = await ClosedLoopClient.RunAllAsync(client, predictUri, images, options.Clients, options.Duration, record: true, options.Get).ConfigureAwait(false);
        double elapsed = stopwatch.Elapsed.TotalSeconds;
        var after = CpuSnapshot.Take(options.ServerPid);
        var serverAfter = await ReadServerTotalsAsync(client, metricsUri).ConfigureAwait(false);

        var latency = Distribution.Of(workers.SelectMany(w => w.Latencies));
        long requests = latency?.Count ?? 0;
        long errors = workers.Sum(w => w.Errors);
        double? meanBatch = serverBefore is { } b && serverAfter is { } a && a.BatchCount > b.BatchCount ? (a.BatchImages - b.BatchImages) / (a.BatchCount - b.BatchCount) : null;
        double? modelBusy = serverBefore is { } b2 && serverAfter is { } a2 ? a2.BatchSeconds - b2.BatchSeconds : null;
        return new LoadResult
        {
            Label = options.Label,
            Url = options.Url,
            Clients = options.Clients,
            DurationSeconds = elapsed,
            WarmupSeconds = options.Warmup.TotalSeconds,
            DistinctImages = images.Length,
            Requests = requests,
            Errors = errors,
            StatusCodes = ClosedLoopClient.MergeStatusCodes(workers),
            RequestsPerSecond = requests / elapsed,
            LatencyMeanMs = latency?.Mean ?? double.NaN,
            LatencyP50Ms = latency?.P50 ?? double.NaN,
            LatencyP95Ms = latency?.P95 ?? double.NaN,
            LatencyP99Ms = latency?.P99 ?? double.NaN,
            LatencyMaxMs = latency?.Max ?? double.NaN,
            MeanBatchSize = meanBatch,
            ModelBusySeconds = modelBusy,
            ServerCpuSeconds = after.ServerSeconds - before.ServerSeconds,
            ClientCpuSeconds = (after.ClientTime - before.ClientTime).TotalSeconds,
            MachineCpuSeconds = after.MachineSeconds - before.MachineSeconds,
            LoadAverageBefore = before.LoadAverage,
            LoadAverageAfter = after.LoadAverage,
            StartedUtc = started,
        };
    }

    /// <summary>The server's running totals of batched images, batches and forward-pass seconds, from /metrics.</summary>
    private static async Task<(double BatchImages, double BatchCount, double BatchSeconds)?> ReadServerTotalsAsync(HttpClient client, Uri metrics)
    {
        try
        {
            var text = await client.GetStringAsync(metrics).ConfigureAwait(false);
            double? Read(string series) => text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal)) is { } line
                ? double.Parse(line.AsSpan(series.Length + 1), CultureInfo.InvariantCulture)
                : null;
            return Read("autodl_batch_size_sum") is double images && Read("autodl_batch_size_count") is double count && Read("autodl_batch_duration_seconds_sum") is double seconds
                ? (images, count, seconds)
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
