using AutoDL.Data;
using AutoDL.Packaging;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// Runs a packaged detector's forward pass and its per-location decoding (libtorch or ONNX Runtime): the seam behind
/// <see cref="ObjectDetector"/>, which selects, suppresses and maps the boxes back the same way whichever engine ran.
/// </summary>
internal interface IDetectorEngine : IDisposable
{
    /// <summary>Which engine this is.</summary>
    InferenceBackend Backend { get; }

    /// <summary>Every location's box and class scores for images <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of <paramref name="images"/> (in the model's input shape).</summary>
    DetectorOutputs Run(ImageSet images, int start, int count);
}
