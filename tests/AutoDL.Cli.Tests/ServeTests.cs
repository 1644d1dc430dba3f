using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AutoDL.Models;

namespace AutoDL.Cli.Tests;

/// <summary>`autodl serve`: its options in-process, and one real server process that is stopped with SIGTERM.</summary>
[Collection(CliCollection.Name)]
public sealed class ServeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-serve-").FullName;
    private readonly string _sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WritePackage() => SamplePackage.Write(_folder, new PlainCnnConfig(Blocks: 2, BaseWidth: 8), seed: 5);

    [Theory]
    [InlineData("--port", "70000", "--port")]
    [InlineData("--port", "-1", "--port")]
    [InlineData("--max-batch", "0", "--max-batch")]
    [InlineData("--max-wait-ms", "-1", "--max-wait-ms")]
    [InlineData("--max-batch", "2147483647", "--max-batch")]
    [InlineData("--max-wait-ms", "5000000000", "--max-wait-ms")]
    [InlineData("--queue", "0", "--queue")]
    [InlineData("--queue", "2147483647", "--queue")]
    [InlineData("--max-connections", "0", "--max-connections")]
    [InlineData("--threads", "0", "--threads")]
    [InlineData("--backend", "tensorflow", "tensorflow")]
    [InlineData("--api-key", " ", "API key")]
    public void A_bad_serve_option_is_a_usage_error_that_says_what_is_wrong(string option, string value, string named)
    {
        var (exit, _, error) = CliHarness.Run("serve", WritePackage(), option, value);

        Assert.Equal(2, exit);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_a_missing_model_names_it_and_exits_one_without_a_stack_trace()
    {
        var missing = Path.Combine(_folder, "nothing.adlpk");

        var (exit, _, error) = CliHarness.Run("serve", missing);

        Assert.Equal(1, exit);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_a_host_that_is_not_an_address_says_what_to_give()
    {
        var (exit, _, error) = CliHarness.Run("serve", WritePackage(), "--host", "example.invalid", "--port", "0");

        Assert.Equal(1, exit);
        Assert.Contains("IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_answers_with_the_api_key_from_the_environment_and_stops_gracefully_on_SIGTERM()
    {
        var model = WritePackage();
        using var server = await ServeProcess.StartAsync(["--port", "0", "--max-batch", "4", model], new Dictionary<string, string> { ["AUTODL_API_KEY"] = "test-key" });
        using var client = new HttpClient { BaseAddress = server.Address };
        var image = File.ReadAllBytes(Directory.EnumerateFiles(Path.Combine(_sample, "Sneaker")).Order(StringComparer.Ordinal).First());

        using var health = await client.GetAsync("/healthz");
        using var withoutKey = await client.PostAsync("/v1/predict", Png(image));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predict?top=3") { Content = Png(image) };
        request.Headers.Add("X-API-Key", "test-key");
        using var withKey = await client.SendAsync(request);
        int exit = await server.StopAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        using var body = JsonDocument.Parse(await withKey.Content.ReadAsStringAsync());
        var prediction = body.RootElement.GetProperty("predictions")[0];
        Assert.Contains(prediction.GetProperty("label").GetString(), Directory.GetDirectories(_sample).Select(Path.GetFileName));
        Assert.Equal(3, prediction.GetProperty("top").GetArrayLength());
        Assert.True(exit == 0, $"exit {exit}\n{server.Output}\n{server.Error}");
        Assert.Contains("Stopped.", server.Output, StringComparison.Ordinal);
        Assert.Contains("API key required", server.Output, StringComparison.Ordinal);
    }

    private static ByteArrayContent Png(byte[] image)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
