using System.Net;
using AutoDL.Server.Http;
using AutoDL.Server.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Tests;

/// <summary>
/// What a client costs the server before its request is read: memory grows with the bytes that arrive, bodies in
/// flight share a budget, a body has a deadline, and connections are counted. Two hundred clients that announced
/// 16 MiB each and sent nothing once held about 3 GiB.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SlowClientTests(TestModel model)
{
    [Fact]
    public async Task Given_a_body_announced_as_15_MiB_when_only_a_small_image_comes_then_the_reader_allocates_for_what_came()
    {
        var image = TestImages.Png(seed: 1);
        var context = new DefaultHttpContext();
        context.Request.ContentType = "image/png";
        context.Request.ContentLength = 15L << 20;
        context.Request.Body = new MemoryStream(image);
        var limits = new RequestLimits(16L << 20, 64, 50_000_000, TimeSpan.FromSeconds(30));
        using var memory = new RequestMemory(new MemoryBudget(256L << 20));

        // Every read completes at once from the memory stream, so the whole read runs on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var reading = PredictRequestReader.ReadAsync(context.Request, limits, memory, CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(reading.IsCompletedSuccessfully, "the read did not finish on the test's thread");
        var input = await reading;

        Assert.Equal(image, Assert.Single(input.Images).Bytes);
        Assert.True(allocated < 1 << 20, $"reading a {image.Length}-byte body allocated {allocated} bytes");
    }

    [Fact]
    public async Task Given_a_client_that_sends_part_of_its_body_and_stops_when_the_body_timeout_passes_then_it_gets_408_and_the_connection_closes()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { BodyTimeout = TimeSpan.FromSeconds(1) });
        using var client = await RawHttp.ConnectAsync(running.Server.Address);

        await client.SendPredictAsync(contentLength: 1000, bodyStart: new byte[10]);
        var (status, text) = await client.ReadAnswerAsync();

        Assert.Equal(StatusCodes.Status408RequestTimeout, status);
        Assert.Contains("did not arrive within this server's limit of 1 s", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", text, StringComparison.OrdinalIgnoreCase);
        await RunningServer.WaitUntilAsync(() => running.Server.BufferedBodyBytes == 0, "the body's bytes given back");
        using var healthy = await running.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Given_an_oversized_body_sent_slowly_when_the_body_timeout_passes_then_its_413_comes_while_the_client_still_sends()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxRequestBytes = 64 << 10, BodyTimeout = TimeSpan.FromSeconds(1) });
        using var client = await RawHttp.ConnectAsync(running.Server.Address);
        using var stop = new CancellationTokenSource();

        // Over the limit, so refused at once; the server then reads the rest away so the client hears the 413. At
        // 2 KB/s (above Kestrel's minimum rate) the rest would take half a minute: only the body timeout ends it.
        await client.SendPredictAsync((64 << 10) + 1, new byte[100]);
        var sending = Task.Run(async () =>
        {
            for (int i = 0; i < 200 && !stop.IsCancellationRequested; i++)
            {
                await client.Stream.WriteAsync(new byte[100], stop.Token);
                await Task.Delay(50, stop.Token);
            }
        });
        var (status, text) = await client.ReadAnswerAsync();
        bool stillSending = !sending.IsCompleted;
        await stop.CancelAsync();
        await sending.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
        Assert.True(stillSending, "the 413 came only once the client had stopped sending");
        Assert.Contains("Connection: close", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_bodies_in_flight_that_fill_the_budget_for_bodies_when_another_body_comes_then_it_gets_503_and_the_first_is_still_served()
    {
        var image = TestImages.Png(seed: 2, width: 120, height: 100);
        long budget = image.Length + 1024;
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxRequestBytes = budget, MaxBufferedBytes = budget });
        using var slow = await RawHttp.ConnectAsync(running.Server.Address);

        // The slow client has sent all but the last byte of its image: the server holds the rest.
        await slow.SendPredictAsync(image.Length, image[..^1]);
        await RunningServer.WaitUntilAsync(() => running.Server.BufferedBodyBytes == image.Length - 1, "the slow client's bytes buffered");
        using var refused = await running.PostImageAsync(TestImages.Png(seed: 3, width: 60, height: 50));
        await slow.Stream.WriteAsync(image.AsMemory(image.Length - 1));
        var (status, _) = await slow.ReadAnswerAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("request bodies it is receiving", await RunningServer.ReadErrorAsync(refused), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status200OK, status);
        await RunningServer.WaitUntilAsync(() => running.Server.BufferedBodyBytes == 0, "every body's bytes given back");
    }

    [Fact]
    public async Task Given_the_connection_limit_reached_when_another_client_connects_then_it_is_turned_away_until_one_leaves()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxConnections = 2 });
        using var first = await RawHttp.ConnectAsync(running.Server.Address);
        var second = await RawHttp.ConnectAsync(running.Server.Address);
        using var fresh = new HttpClient { BaseAddress = running.Server.Address, Timeout = TimeSpan.FromSeconds(30) };

        // Two idle connections fill the limit: a third is closed before it is served.
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/healthz"));
        second.Dispose();

        // Kestrel counts the connection gone once it notices the close; a new client then gets in.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var again = new HttpClient { BaseAddress = running.Server.Address, Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                using var answer = await again.GetAsync("/healthz");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
