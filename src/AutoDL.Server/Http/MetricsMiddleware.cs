using System.Diagnostics;
using AutoDL.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Http;

/// <summary>Counts and times every request by endpoint and final status, errors included (it wraps <see cref="ErrorMiddleware"/>).</summary>
internal sealed class MetricsMiddleware(RequestDelegate next, ServerMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            metrics.ObserveRequest(Endpoints.Label(context.Request.Path.Value), context.Response.StatusCode, Stopwatch.GetElapsedTime(start));
        }
    }
}
