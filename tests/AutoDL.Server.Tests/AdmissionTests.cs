using System.Net;
using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

/// <summary>A request is admitted to the queue before any of its images is decoded.</summary>
[Collection(ServerCollection.Name)]
public sealed class AdmissionTests(TestModel model)
{
    [Fact]
    public async Task Given_a_full_queue_when_a_request_comes_then_it_is_refused_before_its_image_is_decoded()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 1, QueueCapacity = 1 }, gated.Predict);
        var inFlight = running.PostImageAsync(TestImages.Png(seed: 1));
        await gated.WaitForBatchAsync();
        var queued = running.PostImageAsync(TestImages.Png(seed: 2));
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 1, "a full queue");
        // Its header is sound, its pixels are cut short: decoding it would answer 400.
        var png = TestImages.Png(seed: 3);
        var damaged = png[..(png.Length / 2)];

        using var refused = await running.PostImageAsync(damaged);
        gated.Open();
        using var served = await queued;
        using var first = await inFlight;
        using var decoded = await running.PostImageAsync(damaged);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("queue", await RunningServer.ReadErrorAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // With room in the queue, the same image is decoded, found damaged, and its room given back.
        Assert.Equal(HttpStatusCode.BadRequest, decoded.StatusCode);
        Assert.Equal(0, running.Server.QueuedImages);
    }
}
