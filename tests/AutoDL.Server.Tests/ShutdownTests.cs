using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ShutdownTests(TestModel model)
{
    [Fact]
    public async Task Given_a_request_in_flight_when_the_server_stops_then_it_is_answered_before_the_stop_completes()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, intercept: gated.Predict);
        var image = TestImages.Png(seed: 1);

        var inFlight = running.PostImageAsync(image);
        await gated.WaitForBatchAsync();
        var stop = running.Server.StopAsync();
        bool stoppedWhileHeld = stop.IsCompleted;
        gated.Open();
        using var response = await inFlight;
        await stop;

        Assert.False(stoppedWhileHeld);
        Predictions.AssertSame(model.Expected([image], top: 5)[0], Assert.Single((await RunningServer.ReadPredictionsAsync(response)).Predictions));
        using var fresh = new HttpClient { BaseAddress = running.Server.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Given_a_stopped_server_when_stopped_again_then_nothing_happens()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);

        await running.Server.StopAsync();
        await running.Server.StopAsync();

        using var fresh = new HttpClient { BaseAddress = running.Server.Address };
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/healthz"));
    }
}
