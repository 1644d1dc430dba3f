using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// A closed-loop load generator: each client posts one PNG, waits for the answer, and posts the next, so
/// throughput is what the server sustains at that concurrency and latency is what each request saw.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(LoadOptions options, TextWriter progress)
    {
        var images = Directory.EnumerateFiles(options.Images, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        if (images.Length == 0)
        {
            throw new ArgumentException($"No PNG files under '{options.Images}'.");
        }
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var predictUri = new Uri(options.Url);
        var metricsUri = new Uri(predictUri, "/metrics");

        progress.WriteLine($"{options.Label}: {options.Clients} clients, {images.Length} images, warm-up {options.Warmup.TotalSeconds:0} s, then {options.Duration.TotalSeconds:0} s against {options.Url}");
        await RunWindowAsync(client, predictUri, images, options.Clients, options.Warmup, record: false, options.Get).ConfigureAwait(false);

        var serverBefore = await ReadServerTotalsAsync(client, metricsUri).ConfigureAwait(false);
        var loadBefore = LoadAverage();
        double? serverCpuBefore = ProcessCpuSeconds(options.ServerPid);
        double? machineCpuBefore = MachineCpuSeconds();
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var workers = await RunWindowAsync(client, predictUri, images, options.Clients, options.Duration, record: true, options.Get).ConfigureAwait(false);
        double elapsed = stopwatch.Elapsed.TotalSeconds;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds;
        double? serverCpuAfter = ProcessCpuSeconds(options.ServerPid);
        double? machineCpuAfter = MachineCpuSeconds();
        var loadAfter = LoadAverage();
        var serverAfter = await ReadServerTotalsAsync(client, metricsUri).ConfigureAwait(false);

        var latencies = workers.SelectMany(w => w.Latencies).Order().ToArray();
        var codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            foreach (var (code, count) in worker.StatusCodes)
            {
                codes[code.ToString(CultureInfo.InvariantCulture)] = codes.GetValueOrDefault(code.ToString(CultureInfo.InvariantCulture)) + count;
            }
        }
        long requests = latencies.Length;
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
            StatusCodes = codes,
            RequestsPerSecond = requests / elapsed,
            LatencyMeanMs = latencies.Length == 0 ? double.NaN : latencies.Average(),
            LatencyP50Ms = Percentile(latencies, 0.50),
            LatencyP95Ms = Percentile(latencies, 0.95),
            LatencyP99Ms = Percentile(latencies, 0.99),
            LatencyMaxMs = latencies.Length == 0 ? double.NaN : latencies[^1],
            MeanBatchSize = meanBatch,
            ModelBusySeconds = modelBusy,
            ServerCpuSeconds = serverCpuAfter - serverCpuBefore,
            ClientCpuSeconds = clientCpu,
            MachineCpuSeconds = machineCpuAfter - machineCpuBefore,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = loadAfter,
            StartedUtc = started,
        };
    }

    private static async Task<Worker[]> RunWindowAsync(HttpClient client, Uri uri, byte[][] images, int clients, TimeSpan window, bool record, bool get)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(i => new Worker(i)).ToArray();
        await Task.WhenAll(workers.Select(w => w.RunAsync(client, uri, images, clients, deadline, record, get))).ConfigureAwait(false);
        return workers;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

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

    /// <summary>User + system CPU seconds of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).</summary>
    private static double? ProcessCpuSeconds(int? pid)
    {
        if (pid is not int id)
        {
            return null;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Busy CPU seconds of the whole machine since boot: the first line of /proc/stat less idle and iowait (clock ticks of 1/100 s).</summary>
    private static double? MachineCpuSeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            return (fields.Take(8).Sum() - fields[3] - fields[4]) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Worker(int index)
    {
        public List<double> Latencies { get; } = new(capacity: 1 << 16);

        public Dictionary<int, long> StatusCodes { get; } = [];

        public long Errors { get; private set; }

        public async Task RunAsync(HttpClient client, Uri uri, byte[][] images, int clients, long deadline, bool record, bool get)
        {
            // Clients start at different images so the server never sees the same bytes from all of them at once.
            for (int i = index; Stopwatch.GetTimestamp() < deadline; i += clients)
            {
                using var content = new ByteArrayContent(images[i % images.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                long start = Stopwatch.GetTimestamp();
                int code;
                try
                {
                    using var response = get
                        ? await client.GetAsync(uri).ConfigureAwait(false)
                        : await client.PostAsync(uri, content).ConfigureAwait(false);
                    // Read the whole answer: a client that has not received it has not been served.
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    code = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    code = 0;
                }
                double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!record)
                {
                    continue;
                }
                Latencies.Add(milliseconds);
                StatusCodes[code] = StatusCodes.GetValueOrDefault(code) + 1;
                if (code is < 200 or >= 300)
                {
                    Errors++;
                }
            }
        }
    }
}
