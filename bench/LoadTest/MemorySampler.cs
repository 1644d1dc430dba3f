using System.Globalization;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// Reads the server's resident memory once a second: a leak under a soak shows as a climb across the samples,
/// and a spike (a burst of large bodies) as the largest one.
/// </summary>
internal sealed class MemorySampler(int serverPid, TextWriter progress)
{
    private const int ProgressEverySamples = 60;

    public List<long> ResidentBytes { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            do
            {
                if (ProcFs.ResidentBytes(serverPid) is long bytes)
                {
                    ResidentBytes.Add(bytes);
                    // A line a minute, so whoever watches a 10-minute run sees a leak without waiting for its end.
                    if (ResidentBytes.Count % ProgressEverySamples == 0)
                    {
                        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds:0} s: server RSS {bytes / 1048576.0:0} MiB (largest so far {ResidentBytes.Max() / 1048576.0:0} MiB)"));
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
