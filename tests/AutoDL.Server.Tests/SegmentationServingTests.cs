using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoDL.Server.Tests.Support;
using AutoDL.Tasks.SemanticSegmentation.Data;

namespace AutoDL.Server.Tests;

/// <summary>
/// A segmentation network behind the server: each image's mask at the size it was sent, as the segmenter labels it,
/// however the request is sent and whatever its batch, with each class's share of the pixels.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SegmentationServingTests(TestSegmenter model)
{
    [Fact]
    public async Task Given_images_of_any_size_when_posted_raw_as_a_form_and_as_JSON_then_each_gets_the_segmenters_mask_as_a_png_of_its_size()
    {
        await using var running = await RunningServer.StartAsync(model.Segmenter);
        var wide = TestImages.Png(seed: 1, width: 100, height: 30);
        var tall = TestImages.Jpeg(seed: 2, width: 30, height: 70);

        using var raw = await running.PostImageAsync(wide);
        using var form = new MultipartFormDataContent { { Image(tall, "image/jpeg"), "image", "tall.jpg" } };
        using var multipart = await running.Client.PostAsync("/v1/predict", form);
        using var json = await running.Client.PostAsync("/v1/predict", new StringContent(JsonSerializer.Serialize(new { images = new[] { Convert.ToBase64String(tall), Convert.ToBase64String(wide) } }), System.Text.Encoding.UTF8, "application/json"));

        AssertMask(wide, Assert.Single(await ReadAsync(raw)), file: null);
        AssertMask(tall, Assert.Single(await ReadAsync(multipart)), file: "tall.jpg");
        var both = await ReadAsync(json);
        Assert.Equal(2, both.Count);
        AssertMask(tall, both[0], file: null);
        AssertMask(wide, both[1], file: null);
    }

    [Fact]
    public async Task Given_images_of_different_sizes_queued_behind_a_batch_when_they_run_together_then_each_gets_what_it_gets_alone()
    {
        using var gated = new GatedPredictor();
        await using var running = await RunningServer.StartAsync(model.Segmenter, new ServerOptions { MaxBatchSize = 8, MaxBatchWait = TimeSpan.Zero }, gated.Predict);
        var images = new[] { TestImages.Png(seed: 4, width: 64, height: 64), TestImages.Png(seed: 5, width: 70, height: 40), TestImages.Png(seed: 6, width: 70, height: 40) };

        var first = running.PostImageAsync(images[0]);
        await gated.WaitForBatchAsync();
        var queued = images[1..].Select(image => running.PostImageAsync(image)).ToArray();
        await RunningServer.WaitUntilAsync(() => running.Server.QueuedImages == 2, "two queued images");
        gated.Open();
        var responses = await Task.WhenAll([first, .. queued]);

        Assert.Equal([1, 2], gated.BatchSizes);
        for (int i = 0; i < images.Length; i++)
        {
            AssertMask(images[i], Assert.Single(await ReadAsync(responses[i])), file: null);
            responses[i].Dispose();
        }
    }

    [Theory]
    [InlineData("?top=3", "'top'")]
    [InlineData("?minScore=0.5", "'minScore'")]
    public async Task Given_a_classifiers_or_detectors_parameter_when_asked_of_a_segmenter_then_400_naming_it_and_the_model_is_described_as_segmentation(string query, string named)
    {
        await using var running = await RunningServer.StartAsync(model.Segmenter);

        using var response = await running.PostImageAsync(TestImages.Png(seed: 7), query);
        string error = await RunningServer.ReadErrorAsync(response);
        using var manifest = JsonDocument.Parse(await running.Client.GetStringAsync("/v1/model"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Contains("segmentation network", error, StringComparison.Ordinal);
        Assert.Equal("semantic-segmentation", manifest.RootElement.GetProperty("task").GetString());
    }

    /// <summary>The answer's mask reads back as exactly the segmenter's mask of the image, and its shares are that mask's.</summary>
    private void AssertMask(byte[] image, JsonElement answer, string? file)
    {
        var expected = model.Segmenter.Segment(image);
        var mask = MaskDecoder.Decode(Convert.FromBase64String(answer.GetProperty("mask").GetString()!));
        Assert.Equal((expected.Width, expected.Height), (answer.GetProperty("width").GetInt32(), answer.GetProperty("height").GetInt32()));
        Assert.Equal(expected.Labels, mask.Labels);
        var shares = expected.Shares(TestSegmenter.Classes.Count);
        var answered = answer.GetProperty("shares").EnumerateObject().ToList();
        Assert.Equal(TestSegmenter.Classes, answered.Select(s => s.Name));
        Assert.All(answered.Zip(shares), p => Assert.Equal(p.Second, p.First.Value.GetDouble(), 5));
        Assert.Equal(file, answer.TryGetProperty("file", out var name) ? name.GetString() : null);
    }

    private static async Task<List<JsonElement>> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.Clone())];
    }

    private static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
