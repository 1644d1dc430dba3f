using AutoDL.Models;
using AutoDL.Packaging;

namespace AutoDL.Inference;

/// <summary>
/// One engine that runs a packaged network's forward pass (libtorch or ONNX Runtime): the seam behind
/// the task's predictor, which decodes images and reads the outputs the same way whichever engine runs.
/// </summary>
internal interface IInferenceEngine : IDisposable
{
    /// <summary>Which engine this is.</summary>
    InferenceBackend Backend { get; }

    /// <summary>
    /// Class probabilities, row-major (image i's are [i·k, (i+1)·k)), for <paramref name="count"/> images in the
    /// model's input shape (uint8, CHW) read through <paramref name="image"/>. Safe to call from several threads.
    /// </summary>
    float[] PredictProbabilities(int count, NetworkRunner.ImageAccessor image) => PredictProbabilities(count, image, embeddings: null);

    /// <summary>
    /// Features per image of the embedding this engine gives with the probabilities (<see cref="IEmbeddingNetwork"/>);
    /// null where the package's model gives none (an ONNX graph exported before embeddings existed).
    /// </summary>
    int? EmbeddingSize { get; }

    /// <summary>As <see cref="PredictProbabilities(int, NetworkRunner.ImageAccessor)"/>, writing each image's embedding into <paramref name="embeddings"/> (row-major) when given.</summary>
    float[] PredictProbabilities(int count, NetworkRunner.ImageAccessor image, float[]? embeddings);
}
