using System.Collections.Concurrent;
using System.Globalization;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// Every few seconds, a burst of concurrent bad requests cycling through <see cref="BadRequest.Mix"/>: the server
/// must refuse each with its documented 4xx while it keeps serving everyone else. A 5xx, another status, or a request
/// left without an answer is what a soak looks for.
/// </summary>
internal sealed class BadRequestBursts(HttpClient client, Uri predict, IReadOnlyList<BadRequest> kinds, int size)
{
    private readonly Dictionary<string, OutcomeCounts> _outcomes = kinds.ToDictionary(k => k.Name, _ => new OutcomeCounts(), StringComparer.Ordinal);

    private readonly ConcurrentBag<double> _latencies = [];

    /// <summary>
    /// How long a bad request may go unanswered before it counts as hung: twice the server's deadlines for a body and
    /// for predictions (30 s each), so only a request the server forgot reaches it.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public int Bursts { get; private set; }

    /// <summary>Milliseconds until each bad request's whole answer had arrived.</summary>
    public Distribution? LatencyMs => Distribution.Of(_latencies);

    public IReadOnlyList<BadRequestFigures> Figures => kinds.Select(k =>
    {
        var outcomes = _outcomes[k.Name];
        return new BadRequestFigures(k.Name, k.ExpectedStatus, outcomes.Total, outcomes.Snapshot(), outcomes.Total - outcomes[k.ExpectedStatus.ToString(CultureInfo.InvariantCulture)]);
    }).ToList();

    /// <summary>Fires a burst every <paramref name="every"/> until <paramref name="stop"/>, then waits for the answers still due.</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken stop)
    {
        var bursts = new List<Task>();
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                // Each burst goes on where the last stopped, so every kind is sent as often whatever the burst size.
                int first = Bursts++ * size;
                bursts.Add(Task.WhenAll(Enumerable.Range(first, size).Select(i => SendAsync(kinds[i % kinds.Count]))));
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over: no more bursts.
        }
        // A burst fired just before the end still counts: a refusal that never comes is the finding.
        await Task.WhenAll(bursts).ConfigureAwait(false);
    }

    private async Task SendAsync(BadRequest kind)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, predict) { Content = kind.CreateContent() };
        var (outcome, milliseconds) = await TimedRequest.SendAsync(client, request).ConfigureAwait(false);
        _outcomes[kind.Name].Add(outcome);
        _latencies.Add(milliseconds);
    }
}
