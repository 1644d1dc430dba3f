using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation.Data;
using static TorchSharp.torch;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// Runs a segmentation network with libtorch, normalising pixels as training did: a packaged network
/// (<see cref="Load"/>), or one being trained, which fit scores on validation and test images without copying it.
/// </summary>
internal sealed class TorchSegmentationEngine : ISegmentationEngine
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly NormalizationStats _normalization;
    private readonly int? _threads;
    private readonly bool _ownsNetwork;

    /// <param name="network">The network; left to its owner unless <paramref name="ownsNetwork"/>.</param>
    /// <param name="normalization">The training images' channel statistics.</param>
    /// <param name="classes">Classes it scores.</param>
    /// <param name="threads">libtorch threads for each call, or null to run with the process's own setting (training's).</param>
    /// <param name="ownsNetwork">Whether disposing the engine disposes the network.</param>
    public TorchSegmentationEngine(nn.Module<Tensor, Tensor> network, NormalizationStats normalization, int classes, int? threads = null, bool ownsNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(normalization);
        _network = network;
        _normalization = normalization;
        Classes = classes;
        _threads = threads;
        _ownsNetwork = ownsNetwork;
    }

    public InferenceBackend Backend => InferenceBackend.Torch;

    public int Classes { get; }

    /// <summary>The network of a segmentation package, run with <paramref name="threads"/> threads.</summary>
    public static TorchSegmentationEngine Load(PackageContents package, int threads)
    {
        ArgumentNullException.ThrowIfNull(package);
        var manifest = package.Manifest;
        return new TorchSegmentationEngine(NetworkLoader.Load(package), manifest.Preprocessing.ToStats(), manifest.ClassNames.Count, threads, ownsNetwork: true);
    }

    public float[] Logits(byte[] pixels, int count, int height, int width) =>
        _threads is int threads ? TorchThreads.With(threads, () => Forward(pixels, count, height, width)) : Forward(pixels, count, height, width);

    private float[] Forward(byte[] pixels, int count, int height, int width)
    {
        var shape = new ImageShape(SegmentedImage.Channels, height, width);
        var builder = new BatchBuilder(shape, _normalization);
        var input = new float[(long)count * shape.PixelCount];
        for (int i = 0; i < count; i++)
        {
            builder.Write(pixels.AsSpan(i * shape.PixelCount, shape.PixelCount), input.AsSpan(i * shape.PixelCount, shape.PixelCount));
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _network.eval();
        using var batch = tensor(input, [count, shape.Channels, height, width]);
        return _network.forward(batch).contiguous().data<float>().ToArray();
    }

    public void Dispose()
    {
        if (_ownsNetwork)
        {
            _network.Dispose();
        }
    }
}
