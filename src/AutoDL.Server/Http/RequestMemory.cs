using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Http;

/// <summary>
/// What one request's body has taken from the server's shared <see cref="MemoryBudget"/> for bodies; given back
/// when the request ends. A request that finds the budget spent is answered 503: the server holds at most the
/// budget in request bodies however many clients send at once, and never sizes a buffer from what a client
/// merely announces.
/// </summary>
internal sealed class RequestMemory(MemoryBudget bodies) : IDisposable
{
    // Long enough for the bodies in flight to be read and queued; a client that honours it does not hammer a busy server.
    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

    private long _taken;

    /// <summary>Charges <paramref name="bytes"/> more of the body to the budget, or refuses the request with 503.</summary>
    public void Take(long bytes)
    {
        if (!bodies.TryTake(bytes))
        {
            throw new RequestRejectedException(StatusCodes.Status503ServiceUnavailable,
                $"The server is busy: the request bodies it is receiving fill the {RequestLimits.Describe(bodies.Bytes)} it keeps for them. Retry after {s_retryAfter.TotalSeconds:0} s (Retry-After), or send fewer images at a time.")
            {
                RetryAfter = s_retryAfter,
                DrainBody = true,
            };
        }
        _taken += bytes;
    }

    public void Dispose()
    {
        bodies.Give(_taken);
        _taken = 0;
    }
}
