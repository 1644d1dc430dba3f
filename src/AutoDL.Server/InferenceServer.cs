using System.Globalization;
using System.Net;
using System.Text.Json;
using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Runtime;
using AutoDL.Server.Batching;
using AutoDL.Server.Http;
using AutoDL.Server.Internal;
using AutoDL.Server.Serving;
using AutoDL.Server.Telemetry;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoDL.Server;

/// <summary>
/// Serves a classifier (<see cref="Predictor"/>), a detector (<see cref="ObjectDetector"/>) or a segmentation network
/// (<see cref="SemanticSegmenter"/>) over HTTP on Kestrel,
/// batching concurrent requests into one forward pass.
/// <list type="bullet">
/// <item><description><c>POST /v1/predict</c>: raw image bytes, multipart/form-data files, or JSON <c>{"images": ["&lt;base64&gt;"]}</c>.
/// A classifier answers each image's most probable classes (<c>top</c>: how many); a detector its objects, boxes in the
/// image's pixels (<c>minScore</c>: the lowest score listed). Both parameters go in the query, the JSON or a form field.</description></item>
/// <item><description><c>GET /v1/model</c>: the package manifest. <c>GET /healthz</c>: liveness. <c>GET /metrics</c>: Prometheus text.</description></item>
/// </list>
/// A refused request gets a 4xx (503 when the queue is full) with <c>{"error": "…"}</c> saying what to change; see <see cref="ServerOptions"/> for the limits.
/// </summary>
/// <example>
/// <code>
/// using var predictor = Predictor.Load("model.adlpk");
/// await using var server = await InferenceServer.StartAsync(predictor, new ServerOptions { Port = 8080 });
/// Console.WriteLine($"Listening on {server.Address}");
/// </code>
/// </example>
public sealed class InferenceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IBatchQueue _batcher;
    private readonly MemoryBudget _bodies;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private Task? _stopped;

    private InferenceServer(WebApplication app, IBatchQueue batcher, MemoryBudget bodies, ILogger logger, Uri address)
    {
        _app = app;
        _batcher = batcher;
        _bodies = bodies;
        _logger = logger;
        Address = address;
    }

    /// <summary>Where the server listens, with the port it got when asked for port 0.</summary>
    public Uri Address { get; }

    /// <summary>The largest batch the server forms (from <see cref="ServerOptions.MaxBatchSize"/> or the package's settings).</summary>
    public int MaxBatchSize => _batcher.MaxBatchSize;

    /// <summary>How long the first queued image waits for a batch to fill.</summary>
    public TimeSpan MaxBatchWait => _batcher.MaxWait;

    /// <summary>Images waiting for a batch right now, with those admitted and still being decoded.</summary>
    internal int QueuedImages => _batcher.QueuedImages;

    /// <summary>Bytes of request bodies held right now.</summary>
    internal long BufferedBodyBytes => _bodies.InUse;

    /// <summary>
    /// Starts serving <paramref name="predictor"/>, which must outlive the server. A port in use or an address
    /// that cannot be bound raises an <see cref="AutoDLException"/> naming it.
    /// </summary>
    public static Task<InferenceServer> StartAsync(Predictor predictor, ServerOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        options ??= new ServerOptions();
        return StartAsync(new ServedClassifier(predictor, options.DefaultTop), options, loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Starts serving <paramref name="detector"/>, which must outlive the server: <c>POST /v1/predict</c> answers each
    /// image's objects (<c>{"file", "detections": [{"label", "score", "box": [x, y, width, height]}]}</c>) as
    /// <c>autodl predict --format json</c> writes them.
    /// </summary>
    public static Task<InferenceServer> StartAsync(ObjectDetector detector, ServerOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detector);
        options ??= new ServerOptions();
        return StartAsync(new ServedDetector(detector, options.DefaultMinScore), options, loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Starts serving <paramref name="segmenter"/>, which must outlive the server: <c>POST /v1/predict</c> answers each
    /// image's mask (<c>{"file", "width", "height", "shares": {class: share}, "mask": base64 PNG}</c>), the PNG as
    /// <c>autodl predict --masks</c> writes it: the image's own size, pixel value = class index.
    /// </summary>
    public static Task<InferenceServer> StartAsync(SemanticSegmenter segmenter, ServerOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        return StartAsync(new ServedSegmenter(segmenter), options ?? new ServerOptions(), loggerFactory, cancellationToken);
    }

    /// <summary>
    /// Starts serving any task's model. Tests wrap its forward pass with <paramref name="intercept"/> (to hold batches in
    /// flight) and make the batcher's consumer itself fail with <paramref name="beforeBatch"/>, run before each batch.
    /// </summary>
    internal static async Task<InferenceServer> StartAsync<TImage, TOutput>(
        ServedModel<TImage, TOutput> model,
        ServerOptions options,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken,
        Func<BatchPredictor<TImage, TOutput>, BatchPredictor<TImage, TOutput>>? intercept = null,
        Action<int>? beforeBatch = null)
    {
        options.Validate();
        var listenAddress = ParseHost(options.Host);
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("AutoDL.Server");
        var metrics = new ServerMetrics();
        var settings = model.Settings;
        int maxBatch = options.MaxBatchSize ?? (int)PackageSetting(settings.MaxBatchSize, 1, ServerOptions.MaxBatchSizeLimit, "maxBatchSize", "--max-batch (ServerOptions.MaxBatchSize)");
        var maxWait = options.MaxBatchWait ?? TimeSpan.FromMilliseconds(PackageSetting(
            settings.MaxBatchWaitMilliseconds, 0, ServerOptions.MaxBatchWaitLimit.TotalMilliseconds, "maxBatchWaitMilliseconds", "--max-wait-ms (ServerOptions.MaxBatchWait)"));
        // A request larger than the whole queue could never be admitted: refuse it as too large instead of busy.
        var limits = new RequestLimits(options.MaxRequestBytes, Math.Min(options.MaxImagesPerRequest, options.QueueCapacity), options.MaxImagePixels, options.BodyTimeout);
        BatchPredictor<TImage, TOutput> predict = model.Run;
        var batcher = new MicroBatcher<TImage, TOutput>(intercept?.Invoke(predict) ?? predict, maxBatch, maxWait, options.QueueCapacity, metrics, logger) { BeforeBatch = beforeBatch };
        var bodies = new MemoryBudget(options.MaxBufferedBytes);
        var endpoint = new PredictEndpoint<TImage, TOutput>(model, batcher, limits, bodies, new MemoryBudget(options.MaxDecodeBytes), options.RequestTimeout);
        var app = Build(model.Manifest, options, listenAddress, loggerFactory, logger, metrics, batcher, limits, endpoint.HandleAsync);
        MapMonitoring(app, model.Drift, metrics, logger);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await batcher.DisposeAsync().ConfigureAwait(false);
            if (e is IOException)
            {
                throw new AutoDLException($"Cannot listen on {options.Host}:{options.Port}: {e.Message} Choose another port, or stop the program that uses it.", e);
            }
            throw;
        }
        var bound = app.Urls.FirstOrDefault() ?? $"http://{options.Host}:{options.Port}";
        var server = new InferenceServer(app, batcher, bodies, logger, new Uri(bound));
        if (OneDnnIsaCap.NoticeOnce() is { } notice)
        {
            logger.LogWarning("{Notice}", notice);
        }
        logger.LogInformation("Serving on {Address}: batches of up to {MaxBatch} within {MaxWait} ms, queue of {Queue} images", server.Address, maxBatch, maxWait.TotalMilliseconds, options.QueueCapacity);
        return server;
    }

    /// <summary>
    /// Stops gracefully: no new connections; requests in flight (and every image already queued) are answered,
    /// for up to <see cref="ServerOptions.ShutdownTimeout"/>. Calling it again waits for the same stop.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopGate)
        {
            _stopped ??= StopCoreAsync();
        }
        return _stopped.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopCoreAsync()
    {
        _logger.LogInformation("Stopping: finishing requests in flight");
        // Kestrel stops accepting, then waits for open requests; they wait on the batcher, which runs until they are answered.
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _batcher.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("Stopped");
    }

    /// <summary>
    /// The manifest as <c>GET /v1/model</c> shows it: the training data's folder by its name alone, since its full path
    /// tells a client about the training machine (user names, mounts) and nothing about the model.
    /// </summary>
    private static PackageManifest Published(PackageManifest manifest) => manifest.Data is { } data
        ? manifest with { Data = data with { Source = Path.GetFileName(Path.TrimEndingDirectorySeparator(data.Source)) } }
        : manifest;

    /// <summary>A batching setting read from the package's <c>inference</c> section, refused in one line when outside the server's bounds.</summary>
    private static double PackageSetting(double value, double minimum, double maximum, string field, string option) =>
        value >= minimum && value <= maximum
            ? value
            : throw new AutoDLException(string.Create(CultureInfo.InvariantCulture,
                $"The package's inference.{field} is {value}, outside the {minimum}–{maximum} this server takes. Run `autodl optimize` on the package again, or override it with {option}."));

    private static IPAddress ParseHost(string host)
    {
        // localhost means IPv4 loopback: Kestrel cannot pick a free port (port 0) for the name itself.
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }
        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new AutoDLException($"Cannot listen on '{host}': give an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every interface) or localhost.");
    }

    /// <summary>
    /// <c>GET /v1/monitoring</c>: where drift monitoring stands (a 404 saying why where the package has no reference), the
    /// same as Prometheus gauges, and a warning in the log when an alert starts.
    /// </summary>
    private static void MapMonitoring(WebApplication app, DriftMonitor? drift, ServerMetrics metrics, ILogger logger)
    {
        if (drift is null)
        {
            app.MapGet(Endpoints.Monitoring, context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsJsonAsync(new ErrorBody("This model's package has no drift reference: only image classifiers fitted by this version of AutoDL have one. Fit the model again to monitor it."), ServerJson.Options, ServerJson.ContentType, context.RequestAborted);
            });
            return;
        }
        drift.Alerted += status => logger.LogWarning(
            "Drift alert: {Windows} windows of {Window} predictions in a row differ from the training data's ({Tests})",
            status.DriftingInARow,
            status.Window,
            string.Join("; ", status.Tests.Where(t => t.Significant).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} p={t.PValue:0.####}"))));
        metrics.WatchDrift(drift);
        app.MapGet(Endpoints.Monitoring, context => context.Response.WriteAsJsonAsync(drift.Status, ServerJson.Options, ServerJson.ContentType, context.RequestAborted));
    }

    private static WebApplication Build(PackageManifest model, ServerOptions options, IPAddress listenAddress, ILoggerFactory loggerFactory, ILogger logger, ServerMetrics metrics, IBatchQueue batcher, RequestLimits limits, RequestDelegate predict)
    {
        // The empty builder reads no appsettings.json, ASPNETCORE_* variables or command line: the options are the whole configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(InferenceServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(listenAddress, options.Port);
            // The request limit itself is enforced while reading (LimitedReadStream); Kestrel's is the hard stop for draining.
            kestrel.Limits.MaxRequestBodySize = limits.DrainBytes;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        var app = builder.Build();

        var manifest = JsonSerializer.SerializeToUtf8Bytes(Published(model), ModelPackage.JsonOptions);
        app.Use(next => new MetricsMiddleware(next, metrics).InvokeAsync);
        app.Use(next => new ErrorMiddleware(next, logger, limits).InvokeAsync);
        if (options.ApiKey is not null)
        {
            app.Use(next => new ApiKeyMiddleware(next, options.ApiKey).InvokeAsync);
        }
        app.UseRouting();
        app.MapPost(Endpoints.Predict, predict);
        app.MapGet(Endpoints.Model, async context =>
        {
            context.Response.ContentType = ServerJson.ContentType;
            await context.Response.Body.WriteAsync(manifest, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet(Endpoints.Health, context =>
        {
            // A server whose batcher has stopped still accepts connections but can answer no prediction: a load
            // balancer must take it out of rotation, so health says so.
            if (batcher.Fault is not null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return context.Response.WriteAsJsonAsync(new HealthBody("unhealthy") { Reason = "the batcher stopped after an internal error; restart the server" }, ServerJson.Options, ServerJson.ContentType, context.RequestAborted);
            }
            return context.Response.WriteAsJsonAsync(new HealthBody("ok"), ServerJson.Options, ServerJson.ContentType, context.RequestAborted);
        });
        app.MapGet(Endpoints.Metrics, async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }
}
