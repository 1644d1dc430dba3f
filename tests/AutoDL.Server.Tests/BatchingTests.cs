using System.Net;
using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

/// <summary>Batching and queueing, observed by holding a batch inside the model: behaviour, never timing.</summary>
[Collection(ServerCollection.Name)]
public sealed class BatchingTests(TestModel model)
{
    [Fact]
    public async Task Given_requests_queued_behind_a_running_batch_when_it_ends_then_they_run_together_in_one_batch()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 8, MaxBatchWait = TimeSpan.Zero }, gated.Predict);
        var images = Enumerable.Range(1, 4).Select(seed => TestImages.Png(seed)).ToArray();

        var first = running.PostImageAsync(images[0]);
        await gated.WaitForBatchAsync();
        var queued = images[1..].Select(image => running.PostImageAsync(image)).ToArray();
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 3, "three queued images");
        gated.Open();
        var responses = await Task.WhenAll([first, .. queued]);

        Assert.Equal([1, 3], gated.BatchSizes);
        var expected = model.Expected(images, top: 5);
        for (int i = 0; i < images.Length; i++)
        {
            Predictions.AssertSame(expected[i], Assert.Single((await RunningServer.ReadPredictionsAsync(responses[i])).Predictions));
            responses[i].Dispose();
        }
    }

    [Fact]
    public async Task Given_requests_asking_for_different_tops_when_they_share_a_batch_then_each_lists_its_own_number_of_classes()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 8, MaxBatchWait = TimeSpan.Zero }, gated.Predict);
        var images = Enumerable.Range(1, 3).Select(seed => TestImages.Png(seed)).ToArray();

        var first = running.PostImageAsync(images[0], "?top=1");
        await gated.WaitForBatchAsync();
        var two = running.PostImageAsync(images[1], "?top=2");
        var four = running.PostImageAsync(images[2], "?top=4");
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 2, "two queued images");
        gated.Open();
        using var twoResponse = await two;
        using var fourResponse = await four;
        (await first).Dispose();

        Assert.Equal([1, 2], gated.BatchSizes);
        Predictions.AssertSame(model.Expected([images[1]], top: 2)[0], Assert.Single((await RunningServer.ReadPredictionsAsync(twoResponse)).Predictions));
        Predictions.AssertSame(model.Expected([images[2]], top: 4)[0], Assert.Single((await RunningServer.ReadPredictionsAsync(fourResponse)).Predictions));
    }

    [Fact]
    public async Task Given_more_queued_images_than_the_batch_size_when_batched_then_no_batch_exceeds_it()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 2, MaxBatchWait = TimeSpan.Zero }, gated.Predict);

        var first = running.PostImageAsync(TestImages.Png(seed: 1));
        await gated.WaitForBatchAsync();
        var queued = Enumerable.Range(2, 5).Select(seed => running.PostImageAsync(TestImages.Png(seed))).ToArray();
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 5, "five queued images");
        gated.Open();
        var responses = await Task.WhenAll([first, .. queued]);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal([1, 2, 2, 1], gated.BatchSizes);
    }

    [Fact]
    public async Task Given_a_long_batch_wait_when_the_batch_fills_then_it_runs_without_waiting_out_the_wait()
    {
        var sizes = new System.Collections.Concurrent.ConcurrentQueue<int>();
        // The longest wait allowed: the batch must say it was closed by being full, not by the wait running out.
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 2, MaxBatchWait = ServerOptions.MaxBatchWaitLimit }, inner => images =>
        {
            sizes.Enqueue(images.Count);
            return inner(images);
        });

        var responses = await Task.WhenAll(running.PostImageAsync(TestImages.Png(seed: 1)), running.PostImageAsync(TestImages.Png(seed: 2)));
        string metrics = await running.Client.GetStringAsync("/metrics");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal([2], sizes);
        Assert.Contains("autodl_batches_total{closed_by=\"full\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("closed_by=\"wait\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_full_queue_when_another_request_comes_then_503_with_retry_after_and_the_queued_ones_are_still_served()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 1, QueueCapacity = 2 }, gated.Predict);

        var inFlight = running.PostImageAsync(TestImages.Png(seed: 1));
        await gated.WaitForBatchAsync();
        var queued = new[] { running.PostImageAsync(TestImages.Png(seed: 2)), running.PostImageAsync(TestImages.Png(seed: 3)) };
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 2, "a full queue");
        using var refused = await running.PostImageAsync(TestImages.Png(seed: 4));
        gated.Open();
        var served = await Task.WhenAll([inFlight, .. queued]);
        using var later = await running.PostImageAsync(TestImages.Png(seed: 5));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("queue", await RunningServer.ReadErrorAsync(refused), StringComparison.Ordinal);
        Assert.All(served, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Given_a_request_with_more_images_than_the_queue_holds_when_posted_then_413_says_how_many_fit()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { QueueCapacity = 2, MaxImagesPerRequest = 10 });
        var images = Enumerable.Range(1, 3).Select(seed => Convert.ToBase64String(TestImages.Png(seed))).ToArray();

        using var response = await running.Client.PostAsync("/v1/predict", System.Net.Http.Json.JsonContent.Create(new { images }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 2", await RunningServer.ReadErrorAsync(response), StringComparison.Ordinal);
    }
}
