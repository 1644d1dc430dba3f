using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Server.Tests.Support;

/// <summary>Compares what the server answered with what the predictor computes.</summary>
internal static class Predictions
{
    // Batched and single forward passes may sum in another order; anything beyond float rounding is a bug.
    private const double Tolerance = 1e-5;

    public static void AssertSame(Prediction expected, RunningServer.ImageBody actual)
    {
        Assert.Equal(expected.Label, actual.Label);
        Assert.Equal(expected.Confidence, actual.Confidence, Tolerance);
        Assert.Equal(expected.Margin, actual.Margin, Tolerance);
        Assert.Equal(expected.Entropy, actual.Entropy, Tolerance);
        Assert.Equal(expected.OutOfDistribution.HasValue, actual.OutOfDistribution.HasValue);
        Assert.Equal(expected.Top.Select(t => t.Label), actual.Top.Select(t => t.Label));
        for (int i = 0; i < expected.Top.Count; i++)
        {
            Assert.Equal(expected.Top[i].Probability, actual.Top[i].Probability, Tolerance);
        }
    }
}
