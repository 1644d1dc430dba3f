using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AutoDL.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace AutoDL.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class PredictTests(TestModel model)
{
    [Fact]
    public async Task Given_a_raw_png_when_posted_then_the_answer_equals_the_predictor()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);
        var image = TestImages.Png(seed: 1);

        using var response = await running.PostImageAsync(image);

        var body = await RunningServer.ReadPredictionsAsync(response);
        var prediction = Assert.Single(body.Predictions);
        Predictions.AssertSame(model.Expected([image], top: 5)[0], prediction);
        Assert.Null(prediction.File);
    }

    [Fact]
    public async Task Given_a_jpeg_as_octet_stream_with_top_2_when_posted_then_two_classes_come_back()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);
        var image = TestImages.Jpeg(seed: 2);
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await running.Client.PostAsync("/v1/predict?top=2", content);

        var prediction = Assert.Single((await RunningServer.ReadPredictionsAsync(response)).Predictions);
        Assert.Equal(2, prediction.Top.Count);
        Predictions.AssertSame(model.Expected([image], top: 2)[0], prediction);
    }

    [Fact]
    public async Task Given_several_files_in_a_multipart_form_when_posted_then_each_is_answered_in_order_with_its_name()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);
        var images = new[] { TestImages.Png(seed: 3), TestImages.Jpeg(seed: 4), TestImages.Png(seed: 5, width: 40, height: 12) };
        var names = new[] { "a.png", "b.jpg", "wide.png" };
        using var form = new MultipartFormDataContent();
        for (int i = 0; i < images.Length; i++)
        {
            var file = new ByteArrayContent(images[i]);
            file.Headers.ContentType = new MediaTypeHeaderValue(names[i].EndsWith(".jpg", StringComparison.Ordinal) ? "image/jpeg" : "image/png");
            form.Add(file, "image", names[i]);
        }
        form.Add(new StringContent("3"), "top");

        using var response = await running.Client.PostAsync("/v1/predict", form);

        var body = await RunningServer.ReadPredictionsAsync(response);
        var expected = model.Expected(images, top: 3);
        Assert.Equal(names, body.Predictions.Select(p => p.File));
        for (int i = 0; i < images.Length; i++)
        {
            Predictions.AssertSame(expected[i], body.Predictions[i]);
        }
    }

    [Fact]
    public async Task Given_a_json_batch_of_base64_images_when_posted_then_each_is_answered_in_order()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);
        var images = Enumerable.Range(10, 5).Select(seed => TestImages.Png(seed)).ToArray();
        var encoded = images.Select(Convert.ToBase64String).ToList();
        // A data URL, as a browser's FileReader gives it, is accepted too.
        encoded[1] = "data:image/png;base64," + encoded[1];

        using var response = await running.Client.PostAsJsonAsync("/v1/predict", new { images = encoded, top = 4 });

        var body = await RunningServer.ReadPredictionsAsync(response);
        var expected = model.Expected(images, top: 4);
        Assert.Equal(images.Length, body.Predictions.Count);
        for (int i = 0; i < images.Length; i++)
        {
            Predictions.AssertSame(expected[i], body.Predictions[i]);
            Assert.Equal(4, body.Predictions[i].Top.Count);
        }
    }

    [Fact]
    public async Task Given_no_top_when_posted_then_the_default_number_of_classes_is_listed()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { DefaultTop = 3 });

        using var response = await running.PostImageAsync(TestImages.Png(seed: 20));

        var prediction = Assert.Single((await RunningServer.ReadPredictionsAsync(response)).Predictions);
        Assert.Equal(3, prediction.Top.Count);
    }

    [Fact]
    public async Task Given_many_concurrent_clients_when_they_post_then_every_one_gets_its_own_image_s_answer()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { MaxBatchSize = 8, MaxBatchWait = TimeSpan.FromMilliseconds(5) });
        var images = Enumerable.Range(100, 24).Select(seed => TestImages.Png(seed)).ToArray();
        var expected = model.Expected(images, top: 4);

        var responses = await Task.WhenAll(images.Select(async image =>
        {
            using var response = await running.PostImageAsync(image, "?top=4");
            return await RunningServer.ReadPredictionsAsync(response);
        }));

        for (int i = 0; i < images.Length; i++)
        {
            Predictions.AssertSame(expected[i], Assert.Single(responses[i].Predictions));
        }
    }

    [Fact]
    public async Task Given_a_forward_pass_that_throws_when_posted_then_500_naming_the_log_entry_but_not_the_exception_and_the_server_keeps_serving()
    {
        int calls = 0;
        await using var running = await RunningServer.StartAsync(model.Predictor, intercept: inner => images =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("simulated engine failure in /srv/private/model") : inner(images));

        using var failed = await running.PostImageAsync(TestImages.Png(seed: 30));
        using var next = await running.PostImageAsync(TestImages.Png(seed: 31));
        string error = await RunningServer.ReadErrorAsync(failed);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.DoesNotContain("/srv/private", error, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var logged = Assert.Single(running.Log.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("Internal error", StringComparison.Ordinal));
        Assert.Equal("simulated engine failure in /srv/private/model", logged.Exception?.Message);
        string id = error.Split(' ')[2].TrimEnd(':');
        Assert.Contains(id, logged.Message, StringComparison.Ordinal);
    }
}
