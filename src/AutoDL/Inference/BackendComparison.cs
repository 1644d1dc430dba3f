using AutoDL.Models;
using AutoDL.Packaging;

namespace AutoDL.Inference;

/// <summary>Runs a package through both engines and compares their outputs: the proof that an ONNX export is exact.</summary>
public static class BackendComparison
{
    /// <summary>
    /// Classifies <paramref name="count"/> images (uint8 CHW in the model's input shape, read through
    /// <paramref name="image"/>) with libtorch and with ONNX Runtime, on the package's model.onnx (exported
    /// on the spot when it has none), and compares the probabilities.
    /// </summary>
    public static BackendAgreement Compare(PackageContents package, int count, Func<int, byte[]> image)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(image);
        int threads = Environment.ProcessorCount;
        float[] expected;
        using (var torch = TorchInferenceEngine.Create(package, threads))
        {
            expected = torch.PredictProbabilities(count, i => image(i));
        }
        float[] actual;
        using (var onnx = OnnxInferenceEngine.Create(package, threads))
        {
            actual = onnx.PredictProbabilities(count, i => image(i));
        }
        int classes = package.Manifest.ClassNames.Count;
        double max = 0;
        int differing = 0;
        for (int i = 0; i < count; i++)
        {
            var a = expected.AsSpan(i * classes, classes);
            var b = actual.AsSpan(i * classes, classes);
            for (int k = 0; k < classes; k++)
            {
                max = Math.Max(max, Math.Abs(a[k] - b[k]));
            }
            if (NetworkRunner.ArgMax(a) != NetworkRunner.ArgMax(b))
            {
                differing++;
            }
        }
        return new BackendAgreement(count, max, differing);
    }

    /// <summary>Compares on <paramref name="count"/> images of uniformly random pixels (seeded), when no real images are at hand.</summary>
    public static BackendAgreement CompareOnRandomImages(PackageContents package, int count = 64, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(package);
        var images = RandomImages.Create(package.Manifest.Input, count, seed);
        return Compare(package, count, i => images[i]);
    }
}
