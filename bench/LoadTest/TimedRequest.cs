using System.Diagnostics;
using System.Globalization;

namespace AutoDL.Bench.LoadTest;

/// <summary>Sends one request, reads the whole answer, and says what happened and how long it took.</summary>
internal static class TimedRequest
{
    /// <summary>The outcome of a request that got no answer before the client's timeout.</summary>
    public static string NoAnswer(HttpClient client) => string.Create(CultureInfo.InvariantCulture, $"no answer in {client.Timeout.TotalSeconds:0} s");

    /// <summary>The outcome of a request whose connection failed (refused, reset, closed mid-answer).</summary>
    public const string ConnectionError = "connection error";

    /// <summary>The status code as text ("200", "413"), or <see cref="NoAnswer"/> or <see cref="ConnectionError"/>, and the milliseconds until the whole answer had arrived.</summary>
    public static async Task<(string Outcome, double Milliseconds)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        long start = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            // Read the whole answer: a client that has not received it has not been answered.
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (TaskCanceledException)
        {
            outcome = NoAnswer(client);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            outcome = ConnectionError;
        }
        return (outcome, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
}
