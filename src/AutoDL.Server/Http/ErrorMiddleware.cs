using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AutoDL.Server.Http;

/// <summary>
/// Turns every failure into an answer with a JSON body <c>{"error": "…"}</c>: a rejected request into its 4xx,
/// Kestrel's own refusals (body too large, malformed body) into theirs, an empty 404/405 from routing into a
/// message naming the endpoints, and anything unexpected into a logged 500 that names its log entry and nothing
/// else. Nothing a request does can end the server.
/// </summary>
internal sealed class ErrorMiddleware(RequestDelegate next, ILogger logger, RequestLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
            var response = context.Response;
            if (response.StatusCode >= 400 && !response.HasStarted)
            {
                await WriteAsync(context, response.StatusCode, DescribeEmptyAnswer(context)).ConfigureAwait(false);
            }
        }
        catch (RequestRejectedException e)
        {
            if (e.DrainBody)
            {
                await DrainAsync(context).ConfigureAwait(false);
            }
            if (e.CloseConnection && !context.Response.HasStarted)
            {
                context.Response.Headers.Connection = "close";
            }
            await WriteAsync(context, e.StatusCode, e.Message, e.RetryAfter, e.Challenge).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is over this server's limit of {limits.MaxBytesText}. Send fewer or smaller images per request."
                : $"The request is malformed: {e.Message}";
            await WriteAsync(context, e.StatusCode, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client has gone: there is nobody to answer.
        }
#pragma warning disable CA1031 // The server's last line of defence: log it, answer 500, keep serving.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The answer names the log entry, never the exception: its message can hold paths and other internals.
            var id = context.TraceIdentifier;
            logger.LogError(e, "Internal error {ErrorId} answering {Method} {Path}", id, context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"Internal error {id}: the server logged it under this id; please report it with the id.").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads and discards the rest of a refused body, up to Kestrel's limit (<see cref="RequestLimits.DrainBytes"/>),
    /// so the client finishes sending and then reads the 413 instead of a reset connection. A client that announced
    /// more than that is answered at once, and one still sending after <see cref="RequestLimits.BodyTimeout"/> is
    /// answered then, with the connection closed: a refused body gets no more time than an accepted one.
    /// </summary>
    private async Task DrainAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > limits.DrainBytes)
        {
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(limits.BodyTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await request.Body.ReadAsync(buffer, deadline.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Past Kestrel's limit (BadHttpRequestException is an IOException), past the deadline, or the client left:
            // answer what we can, and end the connection, whose unread body would otherwise be drained again.
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.Connection = "close";
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string DescribeEmptyAnswer(HttpContext context)
    {
        var request = context.Request;
        var path = PredictRequestReader.Shorten(request.Path.Value ?? "/");
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"There is no {path}. The endpoints are POST /v1/predict, GET /v1/model, GET /healthz and GET /metrics.",
            StatusCodes.Status405MethodNotAllowed => $"{PredictRequestReader.Shorten(request.Method)} is not allowed on {path}; use {context.Response.Headers.Allow}.",
            var code => ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase + "." : $"HTTP {code}.",
        };
    }

    private async Task WriteAsync(HttpContext context, int statusCode, string message, TimeSpan? retryAfter = null, string? challenge = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Half an answer is already on the wire: the only honest end is to cut the connection.
            logger.LogWarning("Aborting {Method} {Path} after its answer started: {Message}", context.Request.Method, context.Request.Path, message);
            context.Abort();
            return;
        }
        response.StatusCode = statusCode;
        response.ContentLength = null;
        if (retryAfter is TimeSpan wait)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        if (challenge is not null)
        {
            response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        }
        if (statusCode < 500)
        {
            logger.LogDebug("{Status} for {Method} {Path}: {Message}", statusCode, context.Request.Method, context.Request.Path, message);
        }
        await response.WriteAsJsonAsync(new ErrorBody(message), ServerJson.Options, ServerJson.ContentType).ConfigureAwait(false);
    }
}
