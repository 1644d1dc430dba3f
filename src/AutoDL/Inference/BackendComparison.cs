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
        var (expected, expectedEmbeddings) = Run(TorchInferenceEngine.Create(package, threads), count, image);
        var (actual, actualEmbeddings) = Run(OnnxInferenceEngine.Create(package, threads), count, image);
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
        return new BackendAgreement(count, max, differing) { MaxEmbeddingDifference = Difference(expectedEmbeddings, actualEmbeddings) };
    }

    private static (float[] Probabilities, float[]? Embeddings) Run(IInferenceEngine engine, int count, Func<int, byte[]> image)
    {
        using (engine)
        {
            var embeddings = engine.EmbeddingSize is int size ? new float[(long)count * size] : null;
            return (engine.PredictProbabilities(count, i => image(i), embeddings), embeddings);
        }
    }

    /// <summary>The largest difference between two engines' embeddings, relative to the largest feature; null unless both give one of one size.</summary>
    private static double? Difference(float[]? expected, float[]? actual)
    {
        if (expected is null || actual is null || expected.Length != actual.Length)
        {
            return null;
        }
        double largest = 0, max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(expected[i]));
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }
        return max / Math.Max(largest, 1e-12);
    }

    /// <summary>Compares on <paramref name="count"/> images of uniformly random pixels (seeded), when no real images are at hand.</summary>
    public static BackendAgreement CompareOnRandomImages(PackageContents package, int count = 64, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(package);
        var images = RandomImages.Create(package.Manifest.Input, count, seed);
        return Compare(package, count, i => images[i]);
    }
}
