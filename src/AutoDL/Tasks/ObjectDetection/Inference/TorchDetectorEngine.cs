using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection.Evaluation;
using AutoDL.Tasks.ObjectDetection.Models;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>Runs a packaged detector with libtorch, normalising images as training did.</summary>
internal sealed class TorchDetectorEngine : IDetectorEngine
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly FcosNetwork _detector;
    private readonly NormalizationStats _normalization;
    private readonly int _threads;

    public TorchDetectorEngine(PackageContents package, int threads)
    {
        ArgumentNullException.ThrowIfNull(package);
        _network = NetworkLoader.Load(package);
        _detector = DetectorScoring.Detector(_network);
        _normalization = package.Manifest.Preprocessing.ToStats();
        _threads = threads;
    }

    public InferenceBackend Backend => InferenceBackend.Torch;

    public DetectorOutputs Run(ImageSet images, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(images);
        return TorchThreads.With(_threads, () =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var points = _detector.Layout.Points();
            var predictions = _network.forward(DetectorScoring.Batch(images, _normalization, start, count));
            return FcosDecoder.Outputs(predictions, points, images.Shape.Width, images.Shape.Height);
        });
    }

    public void Dispose() => _network.Dispose();
}
