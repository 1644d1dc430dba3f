using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoDL.Server.Dashboard;

/// <summary>
/// A local web page that follows a fit live: the run report's views (leaderboard, search over time, learning curves,
/// test figures, cost), drawn again whenever the fit's folder changes and pushed to every open page as server-sent
/// events (<c>GET /v1/events</c>). It only reads the folder, so it follows a fit in another process, and a finished one.
/// </summary>
/// <example>
/// <code>
/// await using var dashboard = await FitDashboard.StartAsync("run1");
/// Console.WriteLine($"Open {dashboard.Address}");
/// </code>
/// </example>
public sealed class FitDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FitDashboard(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The page's address, with the port it got when asked for port 0.</summary>
    public Uri Address { get; }

    /// <summary>Starts the dashboard of the fit whose output folder is <paramref name="outputDirectory"/> (it may not have started yet).</summary>
    /// <exception cref="AutoDLException">The folder does not exist, or the address cannot be bound.</exception>
    public static async Task<FitDashboard> StartAsync(string outputDirectory, DashboardOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        options ??= new DashboardOptions();
        if (!Directory.Exists(outputDirectory))
        {
            throw new AutoDLException($"'{outputDirectory}' is not a folder. Pass the output folder of `autodl fit` (--output).");
        }
        if (!IPAddress.TryParse(options.Host, out var host))
        {
            throw new AutoDLException($"Cannot listen on '{options.Host}': give an IP address (127.0.0.1 for this machine only).");
        }
        loggerFactory ??= NullLoggerFactory.Instance;
        var snapshots = new RunSnapshots(outputDirectory, loggerFactory.CreateLogger("AutoDL.Dashboard"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(host, options.Port));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = DashboardPage.ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/", () => Results.Content(DashboardPage.Html(snapshots.Current().Html), "text/html; charset=utf-8"));
        app.MapGet(DashboardPage.ScriptPath, () => Results.Content(DashboardPage.Script, "text/javascript; charset=utf-8"));
        var stopping = app.Lifetime.ApplicationStopping;
        app.MapGet(DashboardPage.EventsPath, (HttpContext context) => StreamAsync(context, snapshots, options, stopping));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new AutoDLException($"Cannot listen on {options.Host}:{options.Port}: {e.Message} Choose another port with --port.", e);
        }
        return new FitDashboard(app, new Uri(app.Urls.First()));
    }

    /// <summary>Stops serving; open event streams end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Pushes a drawing whenever the folder changed, and a comment line when it has been quiet for a while.</summary>
    private static async Task StreamAsync(HttpContext context, RunSnapshots snapshots, DashboardOptions options, CancellationToken stopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        long? sent = null;
        var quietSince = DateTime.UtcNow;
        try
        {
            while (!ended.IsCancellationRequested)
            {
                var snapshot = snapshots.Current();
                if (snapshot.Version != sent)
                {
                    var data = JsonSerializer.Serialize(new { html = snapshot.Html, events = snapshot.Events, finished = snapshot.Finished });
                    await response.WriteAsync($"event: report\ndata: {data}\n\n", Encoding.UTF8, ended.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
                    sent = snapshot.Version;
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince >= options.KeepAlive)
                {
                    await response.WriteAsync(": still here\n\n", ended.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
                    quietSince = DateTime.UtcNow;
                }
                await Task.Delay(options.PollInterval, ended.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The page closed or the dashboard is stopping.
        }
    }
}
