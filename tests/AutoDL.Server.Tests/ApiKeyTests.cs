using System.Net;
using System.Net.Http.Headers;
using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ApiKeyTests(TestModel model)
{
    private const string Key = "s3cret-key";

    private static HttpRequestMessage Predict(byte[] image)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = content };
    }

    [Fact]
    public async Task Given_an_api_key_when_a_request_has_none_then_401_says_how_to_send_it()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { ApiKey = Key });

        using var response = await running.Client.SendAsync(Predict(TestImages.Png(seed: 1)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-API-Key", await RunningServer.ReadErrorAsync(response), StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("/v1/predict")]
    [InlineData("/v1/model")]
    [InlineData("/metrics")]
    public async Task Given_an_api_key_when_a_request_has_a_wrong_one_then_every_endpoint_but_health_refuses_it(string path)
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { ApiKey = Key });
        using var request = path == "/v1/predict" ? Predict(TestImages.Png(seed: 2)) : new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-API-Key", "wrong");

        using var response = await running.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("wrong", await RunningServer.ReadErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_api_key_when_it_comes_in_either_header_then_the_request_is_served()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { ApiKey = Key });
        using var withHeader = Predict(TestImages.Png(seed: 3));
        withHeader.Headers.Add("X-API-Key", Key);
        using var withBearer = Predict(TestImages.Png(seed: 4));
        withBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var first = await running.Client.SendAsync(withHeader);
        using var second = await running.Client.SendAsync(withBearer);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Given_an_api_key_when_health_is_probed_without_it_then_it_answers()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor, new ServerOptions { ApiKey = Key });

        using var response = await running.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
