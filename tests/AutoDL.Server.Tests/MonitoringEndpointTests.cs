using System.Net;
using System.Text.Json;
using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Monitoring;
using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Server.Tests.Support;
using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class MonitoringEndpointTests(TestModel model)
{
    [Fact]
    public async Task Given_a_model_without_a_drift_reference_then_monitoring_answers_404_saying_why()
    {
        await using var running = await RunningServer.StartAsync(model.Predictor);

        using var response = await running.Client.GetAsync("/v1/monitoring");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no drift reference", await RunningServer.ReadErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_monitored_model_when_images_like_its_reference_stream_in_then_monitoring_reports_each_test_and_metrics_expose_them()
    {
        using var predictor = Predictor.Load(MonitoredVariant(), new PredictorOptions { Threads = 1 });
        await using var running = await RunningServer.StartAsync(predictor);

        for (int i = 0; i < 250; i++)
        {
            using var posted = await running.PostImageAsync(TestImages.Png(5000 + i));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        using var response = await running.Client.GetAsync("/v1/monitoring");
        var status = JsonSerializer.Deserialize<DriftStatus>(await response.Content.ReadAsStringAsync(), RunningServer.Json)!;
        var metrics = await running.Client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(250, status.Observed);
        Assert.Equal(200, status.Window);
        // Four embedding components, confidence and brightness (Kolmogorov–Smirnov), the predicted classes, the embeddings (kernel).
        Assert.Equal(8, status.Tests.Count);
        Assert.All(status.Tests, t => Assert.InRange(t.PValue, 0, 1));
        Assert.Contains("autodl_drift_observed_predictions 250", metrics, StringComparison.Ordinal);
        Assert.Contains("autodl_drift_test_p_value{test=\"brightness (Kolmogorov–Smirnov)\"}", metrics, StringComparison.Ordinal);
    }

    /// <summary>The test model with a monitoring section fitted on 400 images of the kind the tests post.</summary>
    private string MonitoredVariant()
    {
        var package = ModelPackage.ReadContents(model.PackagePath);
        var shape = package.Manifest.Input;
        int classes = package.Manifest.ClassNames.Count;
        var images = Enumerable.Range(0, 400).Select(i => model.Predictor.LoadImage(TestImages.Png(1000 + i))).ToArray();
        using var network = NetworkLoader.Load(package);
        int size = ((IEmbeddingNetwork)network).EmbeddingSize;
        var embeddings = new float[images.Length * size];
        var probabilities = NetworkRunner.PredictProbabilities(network, images.Length, i => images[i], shape, new BatchBuilder(shape, package.Manifest.Preprocessing.ToStats()), classes, embeddings);
        var labels = Enumerable.Range(0, images.Length).Select(i => NetworkRunner.ArgMax(probabilities.AsSpan(i * classes, classes))).ToArray();
        var profile = EmbeddingProfileFitter.Fit(embeddings[..(200 * size)], labels[..200], classes, size, embeddings[(200 * size)..]);
        var observations = new List<DriftObservation>();
        var projected = new double[profile.Components];
        for (int i = 0; i < images.Length; i++)
        {
            profile.Project(embeddings.AsSpan(i * size, size), projected);
            observations.Add(DriftObservations.Of(projected, probabilities.AsSpan(i * classes, classes), images[i]));
        }
        var monitoring = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["embedding"] = profile, ["drift"] = DriftReference.Fit(observations, classes) }, ModelPackage.JsonOptions);
        return model.WriteVariant(m => m with { Monitoring = monitoring });
    }
}
