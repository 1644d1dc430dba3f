namespace AutoDL.Server.Http;

/// <summary>
/// A request the server will not serve, and why: <see cref="ErrorMiddleware"/> answers it with
/// <see cref="StatusCode"/> and <c>{"error": message}</c>. The message says what is wrong and what to do.
/// </summary>
internal sealed class RequestRejectedException : Exception
{
    public RequestRejectedException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The 4xx (or 503) status to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>Sent as Retry-After (whole seconds) when set: the client may try again then.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Sent as WWW-Authenticate when set (with a 401).</summary>
    public string? Challenge { get; init; }

    /// <summary>Answer with <c>Connection: close</c>: the rest of the body is not worth waiting for (a client too slow to send it).</summary>
    public bool CloseConnection { get; init; }

    /// <summary>The body is over the limit: read and discard the rest (up to <see cref="RequestLimits.DrainBytes"/>) before answering, so the client hears the answer.</summary>
    public bool DrainBody { get; init; }
}
