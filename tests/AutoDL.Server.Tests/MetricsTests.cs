using System.Globalization;
using System.Net;
using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MetricsTests(TestModel model)
{
    private static double Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static async Task<string> ScrapeAsync(RunningServer running)
    {
        using var response = await running.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Given_requests_when_metrics_are_scraped_then_counters_and_histograms_have_moved()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);
        var before = await ScrapeAsync(running);

        (await running.PostImageAsync(TestImages.Png(seed: 1))).Dispose();
        (await running.PostImageAsync(TestImages.Png(seed: 2))).Dispose();
        (await running.PostImageAsync([1, 2, 3])).Dispose();
        (await running.Client.GetAsync("/healthz")).Dispose();
        var after = await ScrapeAsync(running);

        const string ok = "autodl_http_requests_total{endpoint=\"/v1/predict\",code=\"200\"}";
        const string bad = "autodl_http_requests_total{endpoint=\"/v1/predict\",code=\"400\"}";
        Assert.Equal(Value(before, ok) + 2, Value(after, ok));
        Assert.Equal(Value(before, bad) + 1, Value(after, bad));
        Assert.Equal(1, Value(after, "autodl_http_errors_total{endpoint=\"/v1/predict\",code=\"400\"}"));
        Assert.Equal(1, Value(after, "autodl_http_requests_total{endpoint=\"/healthz\",code=\"200\"}"));
        Assert.Equal(3, Value(after, "autodl_http_request_duration_seconds_count{endpoint=\"/v1/predict\"}"));
        Assert.Equal(2, Value(after, "autodl_batch_size_count"));
        Assert.Equal(2, Value(after, "autodl_batch_size_sum"));
        Assert.Equal(2, Value(after, "autodl_predicted_images_total"));
        Assert.Contains("# TYPE autodl_queue_length gauge", after, StringComparison.Ordinal);
        Assert.Equal(0, Value(after, "autodl_queue_length"));
    }

    [Fact]
    public async Task Given_two_servers_in_one_process_when_one_is_used_then_the_other_s_metrics_do_not_move()
    {
        await using var used = await RunningServer.StartAsync(model.Predictor);
        await using var idle = await RunningServer.StartAsync(model.Predictor);

        (await used.PostImageAsync(TestImages.Png(seed: 3))).Dispose();

        const string ok = "autodl_http_requests_total{endpoint=\"/v1/predict\",code=\"200\"}";
        Assert.Equal(1, Value(await ScrapeAsync(used), ok));
        Assert.Equal(0, Value(await ScrapeAsync(idle), ok));
    }

    [Fact]
    public async Task Given_scans_of_random_paths_when_scraped_then_they_share_one_series()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);

        foreach (var path in new[] { "/a", "/b/c", "/admin.php", "/v1/predict/extra" })
        {
            (await running.Client.GetAsync(path)).Dispose();
        }

        var exposition = await ScrapeAsync(running);
        Assert.Equal(4, Value(exposition, "autodl_http_requests_total{endpoint=\"other\",code=\"404\"}"));
        Assert.DoesNotContain("admin.php", exposition, StringComparison.Ordinal);
    }
}
