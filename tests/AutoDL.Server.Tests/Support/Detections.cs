using AutoDL.Tasks.ObjectDetection.Inference;

namespace AutoDL.Server.Tests.Support;

/// <summary>Compares what the server answered about an image with what the detector finds in it.</summary>
internal static class Detections
{
    // Batched and single forward passes may sum in another order; anything beyond float rounding is a bug.
    private const double ScoreTolerance = 1e-5;

    // The server writes boxes to a hundredth of a pixel, as COCO does.
    private const double BoxTolerance = 0.005 + 1e-3;

    public static void AssertSame(IReadOnlyList<Detection> expected, RunningServer.ObjectsBody actual)
    {
        Assert.Equal(expected.Select(d => TestDetector.Classes[d.Label]), actual.Detections.Select(d => d.Label));
        foreach (var (e, a) in expected.Zip(actual.Detections))
        {
            Assert.Equal(e.Score, a.Score, ScoreTolerance);
            Assert.Equal(4, a.Box.Length);
            Assert.Equal(e.Box.X, a.Box[0], BoxTolerance);
            Assert.Equal(e.Box.Y, a.Box[1], BoxTolerance);
            Assert.Equal(e.Box.Width, a.Box[2], BoxTolerance);
            Assert.Equal(e.Box.Height, a.Box[3], BoxTolerance);
        }
    }
}
