using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutoDL.Server.Tests.Support;
using Xunit.Abstractions;

namespace AutoDL.Server.Tests;

/// <summary>
/// Hundreds of malformed requests of every kind a careless or hostile client sends, from a seeded stream:
/// each must get a 4xx with a JSON error that says something, and the server must still serve afterwards.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FuzzTests(TestModel model, TestDetector detector, TestSegmenter segmenter, ITestOutputHelper output)
{
    private const int MaxBytes = 256 * 1024;
    private const int MaxImages = 4;

    private static readonly ServerOptions s_options = new()
    {
        MaxRequestBytes = MaxBytes,
        MaxImagesPerRequest = MaxImages,
        MaxImagePixels = 1_000_000,
    };

    private sealed record FuzzCase(string Name, Func<HttpRequestMessage> Build, HttpStatusCode? Expected = null);

    private static HttpRequestMessage Post(byte[] body, string? contentType, string path = "/v1/predict")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static HttpRequestMessage Json(string json) => Post(Encoding.UTF8.GetBytes(json), "application/json");

    private static HttpRequestMessage Multipart(params (string Name, string? FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, fileName, bytes) in parts)
        {
            var part = new ByteArrayContent(bytes);
            if (fileName is null)
            {
                form.Add(part, name);
            }
            else
            {
                form.Add(part, name, fileName);
            }
        }
        return new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = form };
    }

    /// <summary>A body sent without Content-Length (chunked), so the server cannot refuse it from the header.</summary>
    private static HttpRequestMessage Chunked(byte[] body, string contentType)
    {
        var content = new StreamContent(new NoLengthStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = content };
    }

    private static List<FuzzCase> Cases()
    {
        var random = new Random(20261125);
        var png = TestImages.Png(seed: 1, width: 40, height: 40);
        var jpeg = TestImages.Jpeg(seed: 2, width: 40, height: 40);
        var cases = new List<FuzzCase>();
        byte[] RandomBytes(int min, int max)
        {
            var bytes = new byte[random.Next(min, max)];
            random.NextBytes(bytes);
            return bytes;
        }

        // Wrong or missing content types, with a perfectly good image.
        foreach (var type in new string?[] { null, "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded", "video/mp4", "application/pdf", "garbage", ";;;", "image", "/png" })
        {
            cases.Add(new($"content type {type ?? "(none)"}", () => Post(png, type), HttpStatusCode.UnsupportedMediaType));
        }

        // Truncated images, raw, in a form and in JSON: the cut always falls before the final IEND chunk of a PNG.
        for (int i = 0; i < 12; i++)
        {
            int cut = random.Next(1, png.Length - 12);
            cases.Add(new($"png truncated at {cut}", () => Post(png[..cut], "image/png"), HttpStatusCode.BadRequest));
        }
        for (int i = 0; i < 6; i++)
        {
            int cut = random.Next(1, jpeg.Length / 2);
            cases.Add(new($"jpeg truncated at {cut}", () => Post(jpeg[..cut], "image/jpeg"), HttpStatusCode.BadRequest));
        }
        for (int i = 0; i < 4; i++)
        {
            int cut = random.Next(1, png.Length - 12);
            cases.Add(new($"multipart png truncated at {cut}", () => Multipart(("image", "cut.png", png[..cut])), HttpStatusCode.BadRequest));
            cases.Add(new($"json png truncated at {cut}", () => Json(JsonSerializer.Serialize(new { images = new[] { Convert.ToBase64String(png[..cut]) } })), HttpStatusCode.BadRequest));
        }

        // Random bytes claiming to be images.
        foreach (var type in new[] { "image/png", "image/jpeg", "image/webp", "application/octet-stream" })
        {
            for (int i = 0; i < 5; i++)
            {
                var bytes = RandomBytes(1, 4000);
                cases.Add(new($"{bytes.Length} random bytes as {type}", () => Post(bytes, type), HttpStatusCode.BadRequest));
            }
        }
        for (int i = 0; i < 4; i++)
        {
            var bytes = RandomBytes(1, 4000);
            cases.Add(new($"{bytes.Length} random bytes as a multipart file", () => Multipart(("image", "noise.png", bytes)), HttpStatusCode.BadRequest));
            cases.Add(new($"{bytes.Length} random bytes as base64", () => Json($"{{\"images\":[\"{Convert.ToBase64String(bytes)}\"]}}"), HttpStatusCode.BadRequest));
        }
        var randomJson = RandomBytes(10, 500);
        cases.Add(new("random bytes as JSON", () => Post(randomJson, "application/json"), HttpStatusCode.BadRequest));
        var randomForm = RandomBytes(10, 500);
        cases.Add(new("random bytes as multipart", () => Post(randomForm, "multipart/form-data; boundary=xyz"), HttpStatusCode.BadRequest));

        // Bodies over the limit: announced by Content-Length, and streamed without one.
        var huge = new byte[MaxBytes + 1 + random.Next(1000)];
        png.CopyTo(huge, 0);
        cases.Add(new("huge raw body", () => Post(huge, "image/png"), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("huge raw body, 4x the limit", () => Post(new byte[MaxBytes * 4], "application/octet-stream"), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("huge chunked raw body", () => Chunked(huge, "image/png"), HttpStatusCode.RequestEntityTooLarge));
        var hugeJson = Encoding.UTF8.GetBytes($"{{\"images\":[\"{Convert.ToBase64String(huge)}\"]}}");
        cases.Add(new("huge JSON body", () => Post(hugeJson, "application/json"), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("huge chunked JSON body", () => Chunked(hugeJson, "application/json"), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("huge multipart file", () => Multipart(("image", "huge.png", huge)), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("huge chunked multipart file", () =>
        {
            var request = Multipart(("image", "huge.png", huge));
            request.Headers.TransferEncodingChunked = true;
            return request;
        }, HttpStatusCode.RequestEntityTooLarge));
        // A client that waits for 100-continue is answered before it sends a byte, however much it announces.
        cases.Add(new("huge body behind Expect: 100-continue", () =>
        {
            var request = Post(new byte[MaxBytes * 10], "image/png");
            request.Headers.ExpectContinue = true;
            return request;
        }, HttpStatusCode.RequestEntityTooLarge));

        // Bad JSON.
        foreach (var json in new[] { "{", "{\"images\": [", "{\"images\": [\"abc\"", "{'images': []}", "nul", "tru", "{\"images\": [,]}", "{\"images\" [\"a\"]}", "\"unterminated", "{\"images\":[]} trailing", "<xml/>", "{\"images\": NaN}" })
        {
            cases.Add(new($"bad JSON {json}", () => Json(json), HttpStatusCode.BadRequest));
        }
        cases.Add(new("JSON nested 100 deep", () => Json(new string('[', 100) + new string(']', 100)), HttpStatusCode.BadRequest));
        cases.Add(new("JSON images nested 100 deep", () => Json("{\"images\":" + new string('[', 100) + new string(']', 100) + "}"), HttpStatusCode.BadRequest));
        cases.Add(new("JSON in invalid UTF-8", () => Post([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json"), HttpStatusCode.BadRequest));

        // Bad base64.
        var validBase64 = Convert.ToBase64String(png);
        foreach (var text in new[] { "!!!!", "abc", "a", "====", "not base64 at all", "data:image/png,notbase64", "data:;base64", "", "   ", validBase64[..^3] + "*==" })
        {
            cases.Add(new($"bad base64 '{text[..Math.Min(text.Length, 20)]}'", () => Json(JsonSerializer.Serialize(new { images = new[] { text } })), HttpStatusCode.BadRequest));
        }

        // Well-formed JSON of the wrong shape.
        foreach (var json in new[]
        {
            "[1,2,3]", "[\"" + validBase64 + "\"]", "{\"images\":[1,2]}", "{\"images\":\"" + validBase64 + "\"}", "{\"images\":{}}",
            "{\"images\":[]}", "{\"images\":null}", "{\"images\":[[\"a\"]]}", "{\"images\":[{\"data\":\"a\"}]}", "{\"images\":[null]}",
            "{\"images\":[true]}", "{}", "\"str\"", "42", "null", "{\"image\":[\"" + validBase64 + "\"]}",
            "{\"images\":[\"" + validBase64 + "\"],\"top\":\"x\"}", "{\"images\":[\"" + validBase64 + "\"],\"top\":0}",
            "{\"images\":[\"" + validBase64 + "\"],\"top\":-1}", "{\"images\":[\"" + validBase64 + "\"],\"top\":1.5}",
            "{\"images\":[\"" + validBase64 + "\"],\"top\":1e10}", "{\"images\":[\"" + validBase64 + "\"],\"top\":[3]}",
            "{\"images\":[\"" + validBase64 + "\"],\"minScore\":\"0.5\"}", "{\"images\":[\"" + validBase64 + "\"],\"minScore\":-0.1}",
            "{\"images\":[\"" + validBase64 + "\"],\"minScore\":1.5}", "{\"images\":[\"" + validBase64 + "\"],\"minScore\":[0.5]}",
            "{\"images\":[\"" + validBase64 + "\"],\"minScore\":1e999}", "{\"images\":[\"" + validBase64 + "\"],\"minScore\":true}",
        })
        {
            cases.Add(new($"JSON shape {json[..Math.Min(json.Length, 40)]}", () => Json(json), HttpStatusCode.BadRequest));
        }

        // Empty bodies of every accepted type.
        foreach (var type in new[] { "image/png", "application/octet-stream", "application/json", "multipart/form-data; boundary=abc" })
        {
            cases.Add(new($"empty {type}", () => Post([], type), HttpStatusCode.BadRequest));
        }

        // Images that declare more pixels than the server takes, or none.
        cases.Add(new("png claiming 100000x100000", () => Post(TestImages.PngClaiming(100_000, 100_000), "image/png"), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("png claiming 2^31-1 x 2^31-1", () => Post(TestImages.PngClaiming(int.MaxValue, int.MaxValue), "image/png"), HttpStatusCode.BadRequest));
        cases.Add(new("png claiming 0x0", () => Post(TestImages.PngClaiming(0, 0), "image/png"), HttpStatusCode.BadRequest));
        cases.Add(new("bmp claiming 60000x60000", () => Post(TestImages.BmpClaiming(60_000, 60_000), "image/bmp")));
        var bigBlank = TestImages.LargeBlankPng(1500, 1000);
        cases.Add(new("complete 1.5-megapixel png", () => Post(bigBlank, "image/png"), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("complete 1.5-megapixel png in a form", () => Multipart(("image", "big.png", bigBlank)), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("png claiming 100000x100000 as base64", () => Json($"{{\"images\":[\"{Convert.ToBase64String(TestImages.PngClaiming(100_000, 100_000))}\"]}}"), HttpStatusCode.RequestEntityTooLarge));

        // Too many images.
        var tooMany = Enumerable.Repeat(validBase64, MaxImages + 1).ToArray();
        cases.Add(new("JSON with too many images", () => Json(JsonSerializer.Serialize(new { images = tooMany })), HttpStatusCode.RequestEntityTooLarge));
        cases.Add(new("form with too many images", () => Multipart(Enumerable.Range(0, MaxImages + 1).Select(i => ("image", (string?)$"{i}.png", png)).ToArray()), HttpStatusCode.RequestEntityTooLarge));

        // Bad ?top and ?minScore.
        foreach (var query in new[]
        {
            "?top=abc", "?top=0", "?top=-3", "?top=1&top=2", "?top=", "?top=99999999999", "?top=1.5",
            "?minScore=abc", "?minScore=-0.5", "?minScore=1.01", "?minScore=NaN", "?minScore=Infinity", "?minScore=", "?minScore=0.5&minScore=0.6", "?minScore=0x1",
        })
        {
            cases.Add(new($"query {query}", () => Post(png, "image/png", "/v1/predict" + query), HttpStatusCode.BadRequest));
        }

        // Malformed forms.
        cases.Add(new("multipart without boundary", () => Post(png, "multipart/form-data"), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with an over-long boundary", () => Post(png, "multipart/form-data; boundary=" + new string('b', 200)), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with a boundary that never comes", () => Post(png, "multipart/form-data; boundary=zzz"), HttpStatusCode.BadRequest));
        cases.Add(new("multipart never closed", () => Post(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc"), "multipart/form-data; boundary=b"), HttpStatusCode.BadRequest));
        cases.Add(new("multipart section without disposition", () => Post(Encoding.ASCII.GetBytes("--b\r\nContent-Type: image/png\r\n\r\nabc\r\n--b--\r\n"), "multipart/form-data; boundary=b"), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with a plain field", () => Multipart(("comment", null, Encoding.UTF8.GetBytes("hello")), ("image", "a.png", png)), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with only top", () => Multipart(("top", null, Encoding.UTF8.GetBytes("2"))), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with a bad top", () => Multipart(("image", "a.png", png), ("top", null, Encoding.UTF8.GetBytes("many"))), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with a bad minScore", () => Multipart(("image", "a.png", png), ("minScore", null, Encoding.UTF8.GetBytes("high"))), HttpStatusCode.BadRequest));
        cases.Add(new("multipart with an empty file", () => Multipart(("image", "empty.png", [])), HttpStatusCode.BadRequest));

        // Wrong methods and unknown paths.
        foreach (var (method, path) in new[]
        {
            ("GET", "/v1/predict"), ("PUT", "/v1/predict"), ("DELETE", "/v1/predict"), ("PATCH", "/v1/predict"), ("OPTIONS", "/v1/predict"),
            ("POST", "/v1/model"), ("DELETE", "/v1/model"), ("POST", "/healthz"), ("PUT", "/metrics"), ("POST", "/metrics"),
        })
        {
            cases.Add(new($"{method} {path}", () => new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new ByteArrayContent(png) }, HttpStatusCode.MethodNotAllowed));
        }
        foreach (var path in new[] { "/", "/v1", "/v1/predict/extra", "/predict", "/v2/predict", "/metrics/x", "/favicon.ico", "/admin.php", "/v1//predict", "/.env" })
        {
            cases.Add(new($"GET {path}", () => new HttpRequestMessage(HttpMethod.Get, path), HttpStatusCode.NotFound));
            cases.Add(new($"POST {path}", () => Post(png, "image/png", path), HttpStatusCode.NotFound));
        }
        return cases;
    }

    [Fact]
    public async Task Given_malformed_requests_of_every_kind_when_sent_to_a_classifier_then_each_gets_a_4xx_with_a_message_and_the_server_keeps_serving()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, s_options);
        var cases = Cases();
        // Well formed, but asking a classifier for what only a detector gives.
        cases.Add(new("query ?minScore=0.5 to a classifier", () => Post(TestImages.Png(seed: 1), "image/png", "/v1/predict?minScore=0.5"), HttpStatusCode.BadRequest));

        await AssertEachRefusedAsync(running, cases);
        using var valid = await running.PostImageAsync(TestImages.Png(seed: 3));

        Predictions.AssertSame(model.Expected([TestImages.Png(seed: 3)], top: 5)[0], Assert.Single((await RunningServer.ReadPredictionsAsync(valid)).Predictions));
        Assert.DoesNotContain(running.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Given_malformed_requests_of_every_kind_when_sent_to_a_detector_then_each_gets_a_4xx_with_a_message_and_the_server_keeps_serving()
    {
        await using var running = await RunningServer.StartAsync(detector.Detector, s_options);
        var cases = Cases();
        var image = TestImages.Png(seed: 1, width: 48, height: 40);
        cases.Add(new("query ?top=3 to a detector", () => Post(image, "image/png", "/v1/predict?top=3"), HttpStatusCode.BadRequest));
        cases.Add(new("query ?minScore under the floor", () => Post(image, "image/png", "/v1/predict?minScore=0.01"), HttpStatusCode.BadRequest));
        cases.Add(new("JSON top to a detector", () => Json("{\"images\":[\"" + Convert.ToBase64String(image) + "\"],\"top\":2}"), HttpStatusCode.BadRequest));

        await AssertEachRefusedAsync(running, cases);
        var valid = TestImages.Png(seed: 3, width: 48, height: 40);
        using var response = await running.PostImageAsync(valid);

        Detections.AssertSame(detector.Detector.Detect(valid), Assert.Single((await RunningServer.ReadDetectionsAsync(response)).Predictions));
        Assert.DoesNotContain(running.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Given_malformed_requests_of_every_kind_when_sent_to_a_segmentation_network_then_each_gets_a_4xx_with_a_message_and_the_server_keeps_serving()
    {
        await using var running = await RunningServer.StartAsync(segmenter.Segmenter, s_options);
        var cases = Cases();
        var image = TestImages.Png(seed: 1, width: 48, height: 40);
        cases.Add(new("query ?top=3 to a segmenter", () => Post(image, "image/png", "/v1/predict?top=3"), HttpStatusCode.BadRequest));
        cases.Add(new("query ?minScore=0.5 to a segmenter", () => Post(image, "image/png", "/v1/predict?minScore=0.5"), HttpStatusCode.BadRequest));
        cases.Add(new("JSON minScore to a segmenter", () => Json("{\"images\":[\"" + Convert.ToBase64String(image) + "\"],\"minScore\":0.5}"), HttpStatusCode.BadRequest));

        await AssertEachRefusedAsync(running, cases);
        var valid = TestImages.Png(seed: 3, width: 48, height: 40);
        using var response = await running.PostImageAsync(valid);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var mask = Convert.FromBase64String(body.RootElement.GetProperty("predictions")[0].GetProperty("mask").GetString()!);
        Assert.Equal(segmenter.Segmenter.Segment(valid).Labels, AutoDL.Tasks.SemanticSegmentation.Data.MaskDecoder.Decode(mask).Labels);
        Assert.DoesNotContain(running.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    /// <summary>Sends every case and fails with the list of those not answered with their 4xx and a JSON error that says something.</summary>
    private async Task AssertEachRefusedAsync(RunningServer running, List<FuzzCase> cases)
    {
        var failures = new List<string>();

        foreach (var fuzz in cases)
        {
            using var request = fuzz.Build();
            HttpResponseMessage response;
            try
            {
                response = await running.Client.SendAsync(request);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{fuzz.Name}: no answer ({e.Message} {e.InnerException?.Message})");
                continue;
            }
            using var disposeResponse = response;
            var text = await response.Content.ReadAsStringAsync();
            int code = (int)response.StatusCode;
            string? error = null;
            try
            {
                using var body = JsonDocument.Parse(text);
                error = body.RootElement.GetProperty("error").GetString();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
            }
            if (code is < 400 or >= 500 || (fuzz.Expected is { } expected && response.StatusCode != expected) || string.IsNullOrWhiteSpace(error))
            {
                failures.Add($"{fuzz.Name}: {code} {text}");
            }
        }
        output.WriteLine($"{cases.Count} malformed requests, {failures.Count} not answered as expected");
        Assert.True(cases.Count >= 100, $"Only {cases.Count} cases.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A readable stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
