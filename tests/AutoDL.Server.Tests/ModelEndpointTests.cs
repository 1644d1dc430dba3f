using System.Net;
using System.Text.Json;
using AutoDL.Packaging;
using AutoDL.Server.Tests.Support;
using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ModelEndpointTests(TestModel model)
{
    [Fact]
    public async Task Given_a_server_when_the_model_is_asked_for_then_its_manifest_comes_back()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);

        using var response = await running.Client.GetAsync("/v1/model");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var manifest = JsonSerializer.Deserialize<PackageManifest>(await response.Content.ReadAsStringAsync(), ModelPackage.JsonOptions)!;
        Assert.Equal(model.Predictor.Manifest.ClassNames, manifest.ClassNames);
        Assert.Equal(model.Predictor.Manifest.Input, manifest.Input);
        Assert.Equal(model.Predictor.Manifest.WeightsSha256, manifest.WeightsSha256);
    }

    [Fact]
    public async Task Given_a_package_trained_on_a_private_folder_when_the_model_is_asked_for_then_the_folder_s_path_stays_private()
    {
        var data = new DataSummary("/home/alice/private/fashion-photos/", "image-folder", 40, 10, 10, [10, 10, 10, 10], 0);
        using var predictor = Predictor.Load(model.WriteVariant(manifest => manifest with { Data = data }), new PredictorOptions { Threads = 1 });
        await using var running = await RunningServer.StartAsync(predictor);

        using var response = await running.Client.GetAsync("/v1/model");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("/home/alice", body, StringComparison.Ordinal);
        Assert.Equal("fashion-photos", JsonSerializer.Deserialize<PackageManifest>(body, ModelPackage.JsonOptions)!.Data!.Source);
    }

    [Fact]
    public async Task Given_a_server_when_health_is_asked_for_then_it_answers_ok()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);

        using var response = await running.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Given_no_batching_settings_when_started_then_the_predictor_s_recommended_batching_is_used()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);

        Assert.Equal(model.Predictor.Settings.MaxBatchSize, running.Server.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(model.Predictor.Settings.MaxBatchWaitMilliseconds), running.Server.MaxBatchWait);
        Assert.Equal("127.0.0.1", running.Server.Address.Host);
    }

    [Fact]
    public async Task Given_a_port_in_use_when_a_second_server_starts_on_it_then_the_error_names_the_port()
    {
        await using var first = await RunningServer.StartAsync(model.Predictor);
        int port = first.Server.Address.Port;

        var error = await Assert.ThrowsAsync<AutoDLException>(() => InferenceServer.StartAsync(model.Predictor, new ServerOptions { Port = port }));

        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_host_name_that_is_not_an_address_when_started_then_the_error_says_what_to_give()
    {
        var error = await Assert.ThrowsAsync<AutoDLException>(() => InferenceServer.StartAsync(model.Predictor, new ServerOptions { Host = "example.invalid", Port = 0 }));

        Assert.Contains("IP address", error.Message, StringComparison.Ordinal);
    }
}
