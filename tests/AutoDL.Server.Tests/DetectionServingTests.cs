using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

/// <summary>
/// A detector behind the server: each image's objects as the detector finds them, boxes in the pixels of the image
/// sent, however the request is sent, whatever its batch, cut to the request's <c>minScore</c>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DetectionServingTests(TestDetector model)
{
    [Fact]
    public async Task Given_images_of_other_sizes_than_the_input_when_posted_raw_as_a_form_and_as_JSON_then_each_gets_the_detectors_objects_in_its_own_pixels()
    {
        await using var running = await RunningServer.StartAsync(model.Detector);
        var wide = TestImages.Png(seed: 1, width: 100, height: 30);
        var tall = TestImages.Jpeg(seed: 2, width: 30, height: 70);
        var square = TestImages.Png(seed: 3, width: 48, height: 48);

        using var raw = await running.PostImageAsync(wide);
        using var form = new MultipartFormDataContent
        {
            { Image(tall, "image/jpeg"), "image", "tall.jpg" },
            { Image(square, "image/png"), "image", "square.png" },
        };
        using var multipart = await running.Client.PostAsync("/v1/predict", form);
        using var json = await running.Client.PostAsync("/v1/predict", JsonContent(new { images = new[] { Convert.ToBase64String(wide), Convert.ToBase64String(tall) }, minScore = 0.5 }));

        var rawBody = Assert.Single((await RunningServer.ReadDetectionsAsync(raw)).Predictions);
        Detections.AssertSame(model.Detector.Detect(wide), rawBody);
        Assert.NotEmpty(rawBody.Detections);
        Assert.All(rawBody.Detections, d => Assert.True(d.Box[0] >= 0 && d.Box[1] >= 0 && d.Box[0] + d.Box[2] <= 100.005 && d.Box[1] + d.Box[3] <= 30.005, string.Join(", ", d.Box)));
        var formBody = (await RunningServer.ReadDetectionsAsync(multipart)).Predictions;
        Assert.Equal(["tall.jpg", "square.png"], formBody.Select(p => p.File));
        Detections.AssertSame(model.Detector.Detect(tall), formBody[0]);
        Detections.AssertSame(model.Detector.Detect(square), formBody[1]);
        var jsonBody = (await RunningServer.ReadDetectionsAsync(json)).Predictions;
        Detections.AssertSame(model.Detector.Detect(wide, minScore: 0.5), jsonBody[0]);
        Detections.AssertSame(model.Detector.Detect(tall, minScore: 0.5), jsonBody[1]);
        Assert.True(jsonBody[0].Detections.Count < rawBody.Detections.Count, "a higher minScore lists fewer objects of the same image");
        Assert.All(jsonBody.SelectMany(p => p.Detections), d => Assert.True(d.Score >= 0.5));
    }

    [Fact]
    public async Task Given_images_of_different_sizes_queued_behind_a_batch_when_they_run_together_then_each_gets_what_it_gets_alone()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Detector, new ServerOptions { MaxBatchSize = 8, MaxBatchWait = TimeSpan.Zero }, gated.Predict);
        var images = new[] { TestImages.Png(seed: 4, width: 64, height: 64), TestImages.Png(seed: 5, width: 120, height: 40), TestImages.Png(seed: 6, width: 20, height: 90) };

        var first = running.PostImageAsync(images[0], "?minScore=0.05");
        await gated.WaitForBatchAsync();
        var queued = images[1..].Select(image => running.PostImageAsync(image, "?minScore=0.05")).ToArray();
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 2, "two queued images");
        gated.Open();
        var responses = await Task.WhenAll([first, .. queued]);

        Assert.Equal([1, 2], gated.BatchSizes);
        for (int i = 0; i < images.Length; i++)
        {
            Detections.AssertSame(model.Detector.Detect(images[i], minScore: 0.05), Assert.Single((await RunningServer.ReadDetectionsAsync(responses[i])).Predictions));
            responses[i].Dispose();
        }
    }

    [Fact]
    public async Task Given_a_classifiers_top_when_asked_of_a_detector_then_400_naming_the_parameter_it_takes_and_the_model_is_described_as_a_detector()
    {
        await using var running = await RunningServer.StartAsync(model.Detector);

        using var response = await running.PostImageAsync(TestImages.Png(seed: 7), "?top=3");
        string error = await RunningServer.ReadErrorAsync(response);
        using var manifest = JsonDocument.Parse(await running.Client.GetStringAsync("/v1/model"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'top'", error, StringComparison.Ordinal);
        Assert.Contains("'minScore'", error, StringComparison.Ordinal);
        Assert.Equal("object-detection", manifest.RootElement.GetProperty("task").GetString());
    }

    private static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
