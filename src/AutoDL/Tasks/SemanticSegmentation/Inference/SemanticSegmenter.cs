using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Evaluation;
using static TorchSharp.torch;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// A trained segmentation network loaded from its package, on libtorch: scores labelled images at their own size
/// exactly as fit scored its test split. Running it on new images (tiled, with ONNX Runtime) comes next.
/// </summary>
internal sealed class SemanticSegmenter : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly NormalizationStats _normalization;
    private readonly int _threads;

    private SemanticSegmenter(PackageManifest manifest, nn.Module<Tensor, Tensor> network, NormalizationStats normalization, int threads)
    {
        Manifest = manifest;
        _network = network;
        _normalization = normalization;
        _threads = threads;
    }

    /// <summary>The package's manifest: classes, tile, metrics, provenance.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Class names, by mask value.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>A segmentation network of a package already read; a package of another task raises an <see cref="AutoDLException"/>.</summary>
    public static SemanticSegmenter Load(PackageContents package, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Task != SemanticSegmentationTask.TaskName)
        {
            throw new AutoDLException($"'{package.Path}' holds an {package.Manifest.Task} model, not a segmentation network.");
        }
        var settings = InferenceSettings.Resolve(package.Manifest.Inference, InferenceBackend.Torch, threads);
        return new SemanticSegmenter(package.Manifest, NetworkLoader.Load(package), package.Manifest.Preprocessing.ToStats(), settings.Threads);
    }

    /// <summary>mIoU, pixel accuracy, per-class IoU and the confusion matrix on <paramref name="images"/>, as fit scores its test split.</summary>
    public SegmentationReport Evaluate(IReadOnlyList<SegmentedImage> images) =>
        TorchThreads.With(_threads, () => SegmentationScoring.Score(_network, images, _normalization, ClassNames).Report);

    public void Dispose() => _network.Dispose();
}
