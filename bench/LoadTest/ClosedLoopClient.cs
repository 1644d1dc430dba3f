using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// One well-behaved client: posts one PNG, waits for the whole answer, and posts the next (a closed loop), so a
/// group of them measures what the server sustains at that concurrency and each latency is what a request saw.
/// </summary>
internal sealed class ClosedLoopClient(int index)
{
    public List<double> Latencies { get; } = new(capacity: 1 << 16);

    /// <summary>Answers by status code, 0 for a request that got no answer (refused connection, reset, client timeout).</summary>
    public Dictionary<int, long> StatusCodes { get; } = [];

    public long Errors { get; private set; }

    /// <summary>The PNG files under a folder (recursively), in a fixed order so that runs send the same bytes.</summary>
    public static byte[][] LoadImages(string folder)
    {
        var images = Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        return images.Length > 0 ? images : throw new ArgumentException($"No PNG files under '{folder}'.");
    }

    /// <summary>An HTTP client with one kept-alive connection per client, so no request waits for a connection or pays for a new one.</summary>
    public static HttpClient CreateHttpClient(int clients) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        })
        {
            // The server answers 503 to a request whose predictions take longer than 30 s (docs/serving.md).
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Runs <paramref name="clients"/> closed loops until the window has passed; each finishes the request it has in flight.</summary>
    public static async Task<ClosedLoopClient[]> RunAllAsync(HttpClient client, Uri uri, byte[][] images, int clients, TimeSpan window, bool record, bool get)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(i => new ClosedLoopClient(i)).ToArray();
        await Task.WhenAll(workers.Select(w => w.RunAsync(client, uri, images, clients, deadline, record, get))).ConfigureAwait(false);
        return workers;
    }

    /// <summary>The answers of all clients by status code, keyed as text for JSON.</summary>
    public static SortedDictionary<string, long> MergeStatusCodes(IEnumerable<ClosedLoopClient> clients)
    {
        var codes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (code, count) in clients.SelectMany(c => c.StatusCodes))
        {
            var key = code.ToString(CultureInfo.InvariantCulture);
            codes[key] = codes.GetValueOrDefault(key) + count;
        }
        return codes;
    }

    private async Task RunAsync(HttpClient client, Uri uri, byte[][] images, int clients, long deadline, bool record, bool get)
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
