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
    float[] PredictProbabilities(int count, NetworkRunner.ImageAccessor image);
}
