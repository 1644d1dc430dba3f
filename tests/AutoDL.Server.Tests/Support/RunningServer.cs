using System.Net.Http.Json;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Server.Batching;
using AutoDL.Server.Serving;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Microsoft.Extensions.Logging;

namespace AutoDL.Server.Tests.Support;

/// <summary>A real server on 127.0.0.1 and a free port, with a client pointed at it.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ILoggerFactory _loggerFactory;

    private RunningServer(InferenceServer server, HttpClient client, CapturingLogger log, ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory;
        Server = server;
        Client = client;
        Log = log;
    }

    public InferenceServer Server { get; }

    public HttpClient Client { get; }

    /// <summary>What the server logged.</summary>
    public CapturingLogger Log { get; }

    /// <summary>Serves a classifier; <paramref name="intercept"/> wraps its forward pass.</summary>
    public static Task<RunningServer> StartAsync(Predictor predictor, ServerOptions? options = null, Func<BatchPredictor<byte[], Prediction>, BatchPredictor<byte[], Prediction>>? intercept = null)
    {
        options = (options ?? new ServerOptions()) with { Port = 0 };
        return StartAsync(new ServedClassifier(predictor, options.DefaultTop), options, intercept);
    }

    /// <summary>Serves a detector; <paramref name="intercept"/> wraps its forward pass.</summary>
    public static Task<RunningServer> StartAsync(
        ObjectDetector detector,
        ServerOptions? options = null,
        Func<BatchPredictor<(byte[] Pixels, Letterbox Letterbox), IReadOnlyList<Detection>>, BatchPredictor<(byte[] Pixels, Letterbox Letterbox), IReadOnlyList<Detection>>>? intercept = null)
    {
        options = (options ?? new ServerOptions()) with { Port = 0 };
        return StartAsync(new ServedDetector(detector, options.DefaultMinScore), options, intercept);
    }

    /// <summary>Serves a segmentation network; <paramref name="intercept"/> wraps its forward pass.</summary>
    public static Task<RunningServer> StartAsync(
        SemanticSegmenter segmenter,
        ServerOptions? options = null,
        Func<BatchPredictor<(byte[] Pixels, int Width, int Height), ClassMask>, BatchPredictor<(byte[] Pixels, int Width, int Height), ClassMask>>? intercept = null) =>
        StartAsync(new ServedSegmenter(segmenter), (options ?? new ServerOptions()) with { Port = 0 }, intercept);

    private static async Task<RunningServer> StartAsync<TImage, TOutput>(ServedModel<TImage, TOutput> model, ServerOptions options, Func<BatchPredictor<TImage, TOutput>, BatchPredictor<TImage, TOutput>>? intercept)
    {
        var log = new CapturingLogger();
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log));
        var server = await InferenceServer.StartAsync(model, options, loggerFactory, CancellationToken.None, intercept);
        // Generous: a request that hangs should fail the test, not the run, and CI machines are slow.
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        return new RunningServer(server, client, log, loggerFactory);
    }

    /// <summary>Posts one image as the raw body.</summary>
    public Task<HttpResponseMessage> PostImageAsync(byte[] image, string query = "")
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new("image/png");
        return Client.PostAsync("/v1/predict" + query, content);
    }

    public static async Task<PredictBody> ReadPredictionsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<PredictBody>(text, Json)!;
    }

    public static async Task<DetectionsBody> ReadDetectionsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<DetectionsBody>(text, Json)!;
    }

    public static async Task<string> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<ErrorBody>(Json);
        Assert.False(string.IsNullOrWhiteSpace(body?.Error));
        return body!.Error;
    }

    /// <summary>Waits until <paramref name="condition"/> holds: for states the test causes but the server reaches on its own threads.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _loggerFactory.Dispose();
    }

    public sealed record PredictBody(List<ImageBody> Predictions);

    public sealed record ImageBody(string? File, string Label, double Confidence, List<ClassScore> Top, double Margin, double Entropy, double? OutOfDistribution);

    public sealed record DetectionsBody(List<ObjectsBody> Predictions);

    public sealed record ObjectsBody(string? File, List<ObjectBody> Detections);

    public sealed record ObjectBody(string Label, double Score, double[] Box);

    public sealed record ErrorBody(string Error);
}
