using System.Text.Json;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Packaging;

/// <summary>
/// Packages that earlier versions wrote keep loading and predicting as they did: each fixture in
/// TestData/Packages comes with what `autodl predict` printed for it, on each engine, when it was written
/// (TestData/Packages/README.md says how they were made).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PackageCompatibilityTests
{
    // The probabilities were printed by the same code on another machine's kernels; a few ulps of float32 may differ.
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData("fashion-mnist-sample-v1", InferenceBackend.Torch)]
    [InlineData("fashion-mnist-sample-v1", InferenceBackend.Onnx)]
    [InlineData("fashion-mnist-sample-v2-ensemble", InferenceBackend.Torch)]
    [InlineData("fashion-mnist-sample-v2-ensemble", InferenceBackend.Onnx)]
    public void A_package_written_by_an_earlier_version_predicts_what_it_predicted_then(string fixture, InferenceBackend backend)
    {
        var expected = ExpectedPredictions(fixture, backend);
        var files = expected.Select(e => Path.Combine(RepositoryPaths.Root(), e.File)).ToList();

        using var predictor = Predictor.Load(Path.Combine(RepositoryPaths.PackageFixtures, fixture + ".adlpk"), new PredictorOptions { Backend = backend });
        var predictions = predictor.PredictFiles(files, top: predictor.ClassNames.Count);

        Assert.Equal(expected.Count, predictions.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Label, predictions[i].Label);
            var actual = predictions[i].Top.ToDictionary(t => t.Label, t => t.Probability);
            foreach (var score in expected[i].Top)
            {
                Assert.True(Math.Abs(score.Probability - actual[score.Label]) <= Tolerance, $"{expected[i].File} {score.Label}: {actual[score.Label]} now, {score.Probability} then");
            }
        }
    }

    private static List<ExpectedPrediction> ExpectedPredictions(string fixture, InferenceBackend backend)
    {
        var path = Path.Combine(RepositoryPaths.PackageFixtures, $"{fixture}.{backend.ToString().ToLowerInvariant()}.json");
        return JsonSerializer.Deserialize<List<ExpectedPrediction>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private sealed record ExpectedPrediction(string File, string Label, double Confidence, IReadOnlyList<ExpectedScore> Top);

    private sealed record ExpectedScore(string Label, double Probability);
}
