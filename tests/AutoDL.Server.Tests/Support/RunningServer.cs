using System.Net.Http.Json;
using System.Text.Json;
using AutoDL.Server.Batching;
using AutoDL.Tasks.ImageClassification.Inference;
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

    public static async Task<RunningServer> StartAsync(Predictor predictor, ServerOptions? options = null, BatchPredictor? predict = null)
    {
        var log = new CapturingLogger();
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log));
        var server = await InferenceServer.StartAsync(predictor, (options ?? new ServerOptions()) with { Port = 0 }, loggerFactory, predict ?? predictor.PredictPixels, CancellationToken.None);
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

    public sealed record ImageBody(string? File, string Label, double Confidence, List<ClassScore> Top);

    public sealed record ErrorBody(string Error);
}
