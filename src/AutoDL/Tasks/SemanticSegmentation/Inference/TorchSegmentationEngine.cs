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
    private float[] _input = [];

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

    public void Logits(byte[] pixels, int count, int height, int width, float[] logits)
    {
        if (_threads is int threads)
        {
            TorchThreads.With(threads, () => Forward(pixels, count, height, width, logits));
        }
        else
        {
            Forward(pixels, count, height, width, logits);
        }
    }

    private void Forward(byte[] pixels, int count, int height, int width, float[] logits)
    {
        var shape = new ImageShape(SegmentedImage.Channels, height, width);
        var builder = new BatchBuilder(shape, _normalization);
        int length = count * shape.PixelCount;
        // Kept between passes: a large image's windows are all one shape.
        if (_input.Length != length)
        {
            _input = new float[length];
        }
        for (int i = 0; i < count; i++)
        {
            builder.Write(pixels.AsSpan(i * shape.PixelCount, shape.PixelCount), _input.AsSpan(i * shape.PixelCount, shape.PixelCount));
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _network.eval();
        using var batch = tensor(_input, [count, shape.Channels, height, width]);
        _network.forward(batch).contiguous().data<float>().CopyTo(logits.AsSpan());
    }

    public void Dispose()
    {
        if (_ownsNetwork)
        {
            _network.Dispose();
        }
    }
}
