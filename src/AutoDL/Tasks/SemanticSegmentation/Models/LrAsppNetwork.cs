using AutoDL.Internal;
using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// The LR-ASPP decoder of MobileNetV3 (<see cref="SegmentationDecoder.LrAspp"/>): the deepest tap through a 1×1
/// convolution, each channel gated by a sigmoid of the map's global average, classified, upsampled to the finest tap and
/// added to a linear classification of that tap's map. A few thousand parameters: the choice when time is short.
/// </summary>
internal sealed class LrAsppNetwork : SegmentationNetwork
{
    private readonly Sequential _context;
    private readonly Conv2d _gate;
    private readonly Conv2d _deepClassifier;
    private readonly Conv2d _fineClassifier;

    /// <param name="backbone">The feature extractor; the deepest and the finest of its last <paramref name="depth"/> taps feed the decoder.</param>
    /// <param name="classes">Pixel classes.</param>
    /// <param name="depth">Taps from the deepest to the fine one read, 2 to 4.</param>
    /// <param name="width">Channels of the gated branch, a multiple of 8.</param>
    public LrAsppNetwork(Backbone backbone, int classes, int depth, int width)
        : base(nameof(LrAsppNetwork), backbone, classes, depth, width)
    {
        int deep = Taps[^1].Map.Channels;
        _context = ConvNormRelu(deep, width, 1);
        _gate = Conv2d(deep, width, 1);
        _deepClassifier = Conv2d(width, classes, 1);
        _fineClassifier = Conv2d(Taps[0].Map.Channels, classes, 1);
        register_module("_context", _context);
        register_module("_gate", _gate);
        register_module("_deepClassifier", _deepClassifier);
        register_module("_fineClassifier", _fineClassifier);
    }

    /// <summary>The 1×1 convolution of the deepest map (gated by its global context).</summary>
    internal Sequential Context => _context;

    /// <summary>The 1×1 convolution (with bias) of the deepest map's global average, before its sigmoid.</summary>
    internal Conv2d Gate => _gate;

    /// <summary>The gated branch's classifier.</summary>
    internal Conv2d DeepClassifier => _deepClassifier;

    /// <summary>The finest tap's linear classifier.</summary>
    internal Conv2d FineClassifier => _fineClassifier;

    protected override Tensor Decode(IReadOnlyList<Tensor> features)
    {
        var deep = features[^1];
        var gated = _context.forward(deep) * sigmoid(_gate.forward(deep.mean([2, 3], keepdim: true)));
        var fine = features[0];
        return ResizeLike(_deepClassifier.forward(gated), fine).add(_fineClassifier.forward(fine), HeldScalars.One);
    }
}
