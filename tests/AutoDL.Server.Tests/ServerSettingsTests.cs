using System.Net;
using System.Net.Http.Json;
using AutoDL.Packaging;
using AutoDL.Server.Serving;
using AutoDL.Server.Tests.Support;
using AutoDL.Tasks.ImageClassification.Inference;
using Microsoft.Extensions.Logging;

namespace AutoDL.Server.Tests;

/// <summary>
/// No setting, from the options or from a package, can stop the batcher, and no request waits without a deadline:
/// a batch wait no timer can hold once killed the only consumer while <c>/healthz</c> still said ok.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServerSettingsTests(TestModel model)
{
    [Theory]
    [InlineData(nameof(ServerOptions.MaxBatchWait))]
    [InlineData(nameof(ServerOptions.MaxBatchSize))]
    [InlineData(nameof(ServerOptions.QueueCapacity))]
    [InlineData(nameof(ServerOptions.RequestTimeout))]
    [InlineData(nameof(ServerOptions.BodyTimeout))]
    [InlineData(nameof(ServerOptions.MaxConnections))]
    [InlineData(nameof(ServerOptions.MaxBufferedBytes))]
    [InlineData(nameof(ServerOptions.MaxDecodeBytes))]
    public void Given_a_setting_past_its_bound_when_the_options_are_checked_then_it_is_named(string setting)
    {
        var options = setting switch
        {
            nameof(ServerOptions.MaxBatchWait) => new ServerOptions { MaxBatchWait = TimeSpan.FromMilliseconds(5_000_000_000) },
            nameof(ServerOptions.MaxBatchSize) => new ServerOptions { MaxBatchSize = int.MaxValue },
            nameof(ServerOptions.QueueCapacity) => new ServerOptions { QueueCapacity = int.MaxValue },
            nameof(ServerOptions.BodyTimeout) => new ServerOptions { BodyTimeout = TimeSpan.FromDays(1) },
            nameof(ServerOptions.MaxConnections) => new ServerOptions { MaxConnections = 0 },
            // Smaller than the largest request: that request could never be served.
            nameof(ServerOptions.MaxBufferedBytes) => new ServerOptions { MaxRequestBytes = 16L << 20, MaxBufferedBytes = 1L << 20 },
            nameof(ServerOptions.MaxDecodeBytes) => new ServerOptions { MaxDecodeBytes = 0 },
            _ => new ServerOptions { RequestTimeout = TimeSpan.Zero },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains("must be between", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_package_whose_batch_wait_no_timer_can_hold_when_served_then_the_server_refuses_to_start_naming_the_field()
    {
        var path = model.WriteVariant(manifest => manifest with { Inference = InferenceSettings.Default with { MaxBatchWaitMilliseconds = 5_000_000_000 } });
        using var predictor = Predictor.Load(path, new PredictorOptions { Threads = 1 });

        var error = await Assert.ThrowsAsync<AutoDLException>(() => InferenceServer.StartAsync(predictor, new ServerOptions { Port = 0 }));

        Assert.Contains("inference.maxBatchWaitMilliseconds is 5000000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("--max-wait-ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_model_slower_than_the_request_timeout_when_a_request_waits_then_it_is_answered_503_with_retry_after()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { RequestTimeout = TimeSpan.FromSeconds(1) }, gated.Predict);

        using var response = await running.PostImageAsync(TestImages.Png(seed: 1));
        string error = await RunningServer.ReadErrorAsync(response);
        gated.Open();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("request timeout of 1 s", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_batcher_fails_outside_the_model_then_waiting_and_later_requests_get_503_and_health_says_unhealthy()
    {
        var log = new CapturingLogger();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log));
        await using var server = await InferenceServer.StartAsync(
            new ServedClassifier(model.Predictor, 5), new ServerOptions { Port = 0 }, loggerFactory, CancellationToken.None, beforeBatch: _ => throw new InvalidOperationException("consumer failure"));
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var healthBefore = await client.GetAsync("/healthz");

        using var waiting = await client.PostAsync("/v1/predict", Png(seed: 1));
        using var later = await client.PostAsync("/v1/predict", Png(seed: 2));
        using var healthAfter = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, healthBefore.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
        Assert.Contains("batcher stopped", await RunningServer.ReadErrorAsync(waiting), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, later.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthAfter.StatusCode);
        Assert.Equal("unhealthy", (await healthAfter.Content.ReadFromJsonAsync<HealthStatus>(RunningServer.Json))!.Status);
    }

    private static ByteArrayContent Png(int seed)
    {
        var content = new ByteArrayContent(TestImages.Png(seed));
        content.Headers.ContentType = new("image/png");
        return content;
    }

    private sealed record HealthStatus(string Status, string? Reason);
}
