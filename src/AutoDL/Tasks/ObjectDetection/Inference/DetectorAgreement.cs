using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>How closely a detector's ONNX graph reproduces libtorch's decoded outputs on the same images.</summary>
/// <param name="Images">Images compared.</param>
/// <param name="MaxBoxDifference">The largest absolute difference of any box coordinate of any location, in input pixels.</param>
/// <param name="MaxScoreDifference">The largest absolute difference of any class score of any location.</param>
public sealed record DetectorAgreement(int Images, double MaxBoxDifference, double MaxScoreDifference)
{
    /// <summary>
    /// Runs <paramref name="count"/> images of uniformly random pixels (seeded) through both engines, on the package's
    /// model.onnx (exported on the spot when it has none), and compares every location's box and scores.
    /// </summary>
    public static DetectorAgreement OnRandomImages(PackageContents package, int count = 16, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(package);
        var input = package.Manifest.Input;
        var pixels = RandomImages.Create(input, count, seed);
        var images = new ImageSet([.. pixels.SelectMany(p => p)], count, input);
        int threads = Environment.ProcessorCount;
        DetectorOutputs expected, actual;
        using (var torch = new TorchDetectorEngine(package, threads))
        {
            expected = torch.Run(images, 0, count);
        }
        using (var onnx = new OnnxDetectorEngine(package, threads))
        {
            actual = onnx.Run(images, 0, count);
        }
        return new DetectorAgreement(count, MaxDifference(expected.Boxes, actual.Boxes), MaxDifference(expected.Scores, actual.Scores));
    }

    private static double MaxDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return max;
    }
}
