using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace AutoDL.Inference;

/// <summary>
/// Runs a package's <c>model.onnx</c> with ONNX Runtime. The graph takes uint8 images and does its own
/// normalisation, so this engine only copies pixels into the input tensor.
/// </summary>
internal sealed class OnnxInferenceEngine : IInferenceEngine
{
    // The same bound as the libtorch path: large enough to amortise a call, small enough for any laptop.
    private const int ChunkSize = NetworkRunner.DefaultBatchSize;

    private readonly InferenceSession _session;
    // ONNX Runtime's managed Run needs run options (null throws); one instance serves every call.
    private readonly RunOptions _runOptions = new();
    private readonly PackageManifest _manifest;
    private readonly string[] _inputNames = [OnnxExporter.InputName];
    private readonly string[] _outputNames = [OnnxExporter.ProbabilitiesName];
    private readonly string[] _withEmbedding = [OnnxExporter.ProbabilitiesName, OnnxExporter.EmbeddingName];

    private OnnxInferenceEngine(PackageManifest manifest, InferenceSession session)
    {
        _manifest = manifest;
        _session = session;
        EmbeddingSize = session.OutputMetadata.TryGetValue(OnnxExporter.EmbeddingName, out var embedding) && embedding.Dimensions is [_, > 0 and var size] ? size : null;
    }

    public int? EmbeddingSize { get; }

    public InferenceBackend Backend => InferenceBackend.Onnx;

    /// <summary>
    /// Opens the package's ONNX model with <paramref name="threads"/> intra-op threads; a package written
    /// without one (a model saved mid-search) is exported on the spot.
    /// </summary>
    public static OnnxInferenceEngine Create(PackageContents package, int threads)
    {
        PackageTasks.EnsureClassProbabilities(package);
        return new OnnxInferenceEngine(package.Manifest, OnnxSessions.Open(package, threads));
    }

    public float[] PredictProbabilities(int count, NetworkRunner.ImageAccessor image, float[]? embeddings)
    {
        int size = embeddings is null ? 0 : EmbeddingSize ?? throw new InvalidOperationException("This package's ONNX model gives no embedding; export it again with `autodl export`.");
        var shape = _manifest.Input;
        int classes = _manifest.ClassNames.Count;
        int pixels = shape.PixelCount;
        var result = new float[(long)count * classes];
        var buffer = new byte[(long)Math.Min(ChunkSize, Math.Max(count, 1)) * pixels];
        for (int start = 0; start < count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, count - start);
            for (int i = 0; i < n; i++)
            {
                image(start + i).CopyTo(buffer.AsSpan(i * pixels, pixels));
            }
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, n * pixels), [n, shape.Channels, shape.Height, shape.Width]);
            using var outputs = _session.Run(_runOptions, _inputNames, [input], embeddings is null ? _outputNames : _withEmbedding);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            if (probabilities.Length != n * classes)
            {
                throw new InvalidOperationException($"The ONNX model returned {probabilities.Length} values for {n} images of {classes} classes.");
            }
            probabilities.CopyTo(result.AsSpan(start * classes, n * classes));
            if (embeddings is not null)
            {
                outputs[1].GetTensorDataAsSpan<float>().CopyTo(embeddings.AsSpan(start * size, n * size));
            }
        }
        return result;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
