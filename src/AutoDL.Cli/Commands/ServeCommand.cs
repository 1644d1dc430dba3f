using System.CommandLine;
using System.Globalization;
using System.Net;
using AutoDL.Cli.Rendering;
using AutoDL.Packaging;
using AutoDL.Server;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.ObjectDetection;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.SemanticSegmentation;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl serve MODEL</c>: serve a model package over HTTP until Ctrl+C or SIGTERM, then stop gracefully.</summary>
internal static class ServeCommand
{
    /// <summary>Where the key comes from when --api-key is not given: keeps it out of the process list and shell history.</summary>
    public const string ApiKeyVariable = "AUTODL_API_KEY";

    public static Command Create(Consoles consoles)
    {
        var defaults = new ServerOptions();
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or another IP address.", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port") { Description = "TCP port; 0 picks a free one.", DefaultValueFactory = _ => defaults.Port };
        var apiKey = new Option<string?>("--api-key") { Description = $"Require this key (X-API-Key header or Authorization: Bearer) on every endpoint but /healthz. Default: ${ApiKeyVariable}; no key if unset." };
        var engine = new InferenceEngineOptions();
        var maxBatch = new Option<int?>("--max-batch") { Description = "Largest batch formed from queued requests. Default: what `autodl optimize` chose, else 32." };
        var maxWait = new Option<double?>("--max-wait-ms") { Description = "How long the first queued image waits for its batch to fill, in milliseconds. Default: what `autodl optimize` chose, else 2." };
        var queue = new Option<int>("--queue") { Description = "Images that may wait for a batch; requests beyond get 503 with Retry-After.", DefaultValueFactory = _ => defaults.QueueCapacity };
        var maxConnections = new Option<int>("--max-connections") { Description = "Connections open at once; any beyond are closed.", DefaultValueFactory = _ => defaults.MaxConnections };

        var command = new Command("serve", "Serve a model over HTTP: POST /v1/predict, GET /v1/model, /healthz, /metrics. Ctrl+C or SIGTERM stops it after the requests in flight.")
        {
            model, host, port, apiKey, maxBatch, maxWait, queue, maxConnections,
        };
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            var options = defaults with
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port) is int p and >= 0 and <= 65535 ? p : throw new UsageException("--port must be between 0 and 65535."),
                ApiKey = (parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable)) switch
                {
                    null => null,
                    var key when string.IsNullOrWhiteSpace(key) => throw new UsageException($"The API key (--api-key or ${ApiKeyVariable}) is empty; give a key or leave both unset."),
                    var key => key,
                },
                MaxBatchSize = parse.GetValue(maxBatch) is int b
                    ? (b is >= 1 and <= ServerOptions.MaxBatchSizeLimit ? b : throw new UsageException($"--max-batch must be between 1 and {ServerOptions.MaxBatchSizeLimit} (got {b})."))
                    : null,
                MaxBatchWait = parse.GetValue(maxWait) is double w
                    ? (w >= 0 && w <= MaxWaitMilliseconds ? TimeSpan.FromMilliseconds(w) : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--max-wait-ms must be between 0 and {MaxWaitMilliseconds} (got {w}).")))
                    : null,
                QueueCapacity = parse.GetValue(queue) is int q and >= 1 and <= ServerOptions.MaxQueueCapacity ? q : throw new UsageException($"--queue must be between 1 and {ServerOptions.MaxQueueCapacity}."),
                MaxConnections = parse.GetValue(maxConnections) is int c and >= 1 and <= ServerOptions.MaxConnectionsLimit ? c : throw new UsageException($"--max-connections must be between 1 and {ServerOptions.MaxConnectionsLimit}."),
            };
            var path = parse.GetValue(model)!;
            var package = ModelPackage.ReadContents(path);
            var engineOptions = engine.Read(parse);
            using var log = new ConsoleLog(consoles.Error, LogLevel.Warning);
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Warning));
            using var stop = new StopSignals(cancellationToken);
            // The model must outlive the server; both end with this block.
            using var served = Load(package, engineOptions);
            var server = served.Start(options, loggerFactory, stop.Token).GetAwaiter().GetResult();
            try
            {
                Announce(consoles, path, served.Settings, server, options);
                stop.Token.WaitHandle.WaitOne();
                consoles.Out.MarkupLine("Stopping: answering the requests in flight…");
            }
            finally
            {
                server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            consoles.Out.MarkupLine("Stopped.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static readonly double MaxWaitMilliseconds = ServerOptions.MaxBatchWaitLimit.TotalMilliseconds;

    /// <summary>The package's model, loaded by its task, and how it runs.</summary>
    private static ServedPackage Load(PackageContents package, PredictorOptions engine)
    {
        if (package.Manifest.Task == ObjectDetectionTask.TaskName)
        {
            var detector = ObjectDetector.Load(package, engine.Backend, engine.Threads);
            return new ServedPackage(detector, detector.Settings, (options, logging, stop) => InferenceServer.StartAsync(detector, options, logging, stop));
        }
        if (package.Manifest.Task == SemanticSegmentationTask.TaskName)
        {
            var segmenter = SemanticSegmenter.Load(package, engine.Backend, engine.Threads);
            return new ServedPackage(segmenter, segmenter.Settings, (options, logging, stop) => InferenceServer.StartAsync(segmenter, options, logging, stop));
        }
        var predictor = Predictor.Load(package, engine);
        return new ServedPackage(predictor, predictor.Settings, (options, logging, stop) => InferenceServer.StartAsync(predictor, options, logging, stop));
    }

    private static void Announce(Consoles consoles, string path, InferenceSettings settings, InferenceServer server, ServerOptions options)
    {
        consoles.Out.MarkupLine($"Serving [bold]{Markup.Escape(path)}[/] on [bold]{Markup.Escape(server.Address.ToString())}[/]");
        consoles.Out.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Backend.ToString().ToLowerInvariant()} on {settings.Threads} thread(s); batches of up to {server.MaxBatchSize} images formed within {server.MaxBatchWait.TotalMilliseconds} ms; queue of {options.QueueCapacity} images; {(options.ApiKey is null ? "no API key" : "API key required")}.")));
        if (options.ApiKey is null && IPAddress.TryParse(options.Host, out var address) && !IPAddress.IsLoopback(address))
        {
            consoles.Error.MarkupLine($"[yellow]warning:[/] listening on {Markup.Escape(options.Host)} without an API key: anyone who can reach this machine can use the model. Set --api-key or ${ApiKeyVariable}.");
        }
        consoles.Out.MarkupLine("Press Ctrl+C to stop.");
    }

    /// <summary>A loaded model of any task, how it runs and how to serve it; disposed with the command.</summary>
    private sealed record ServedPackage(IDisposable Model, InferenceSettings Settings, Func<ServerOptions, ILoggerFactory, CancellationToken, Task<InferenceServer>> Start) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }
}
