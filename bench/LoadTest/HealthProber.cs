namespace AutoDL.Bench.LoadTest;

/// <summary>
/// What a load balancer sees: one GET /healthz at a fixed interval over a kept-alive connection of its own, so
/// its latency is the server's answer under the soak's load, not a wait for a connection the other clients hold.
/// </summary>
internal sealed class HealthProber(HttpClient client, Uri healthz)
{
    public List<double> LatenciesMs { get; } = [];

    /// <summary>Answers by status code, or "no answer in N s" / "connection error".</summary>
    public OutcomeCounts Outcomes { get; } = new();

    /// <summary>Probes every <paramref name="every"/> until <paramref name="stop"/>; a probe slower than that delays the next (no pile-up).</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, healthz);
                var (outcome, milliseconds) = await TimedRequest.SendAsync(client, request).ConfigureAwait(false);
                Outcomes.Add(outcome);
                LatenciesMs.Add(milliseconds);
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
