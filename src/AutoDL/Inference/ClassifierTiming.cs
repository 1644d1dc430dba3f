using AutoDL.Packaging;

namespace AutoDL.Inference;

/// <summary>A classifier's engine timed on <paramref name="images"/>: its forward pass gives class probabilities.</summary>
internal sealed class ClassifierTiming(IInferenceEngine engine, byte[][] images) : ITimedEngine
{
    public InferenceBackend Backend => engine.Backend;

    /// <summary>The engine of <paramref name="backend"/> on <paramref name="threads"/> threads for <paramref name="package"/>'s classifier.</summary>
    public static ClassifierTiming Open(PackageContents package, InferenceBackend backend, int threads, byte[][] images) =>
        new(backend == InferenceBackend.Onnx ? OnnxInferenceEngine.Create(package, threads) : TorchInferenceEngine.Create(package, threads), images);

    public void Run(int count) => engine.PredictProbabilities(count, i => images[i]);

    public void Dispose() => engine.Dispose();
}
