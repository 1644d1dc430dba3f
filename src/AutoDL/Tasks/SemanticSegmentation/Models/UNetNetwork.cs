using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// The U-Net-style decoder (<see cref="SegmentationDecoder.UNet"/>): from the deepest tap, a 1×1 convolution, then at each
/// finer tap an upsampling to its size, a join with its map and two 3×3 convolutions; a 1×1 classifier at the finest.
/// </summary>
internal sealed class UNetNetwork : SegmentationNetwork
{
    private readonly Sequential _bottom;
    private readonly ModuleList<Sequential> _stages;
    private readonly Conv2d _classifier;

    /// <param name="backbone">The feature extractor; its last <paramref name="depth"/> stage taps feed the decoder.</param>
    /// <param name="classes">Pixel classes.</param>
    /// <param name="depth">Taps the decoder climbs, 2 to 4.</param>
    /// <param name="width">Channels of the decoder, a multiple of 8.</param>
    public UNetNetwork(Backbone backbone, int classes, int depth, int width)
        : base(nameof(UNetNetwork), backbone, classes, depth, width)
    {
        _bottom = ConvNormRelu(Taps[^1].Map.Channels, width, 1);
        // One stage per shallower tap, deepest first: what joins the upsampled map there is that tap's map.
        _stages = new ModuleList<Sequential>([.. Taps.Take(Taps.Count - 1).Reverse().Select(t => Sequential(
            ("join", ConvNormRelu(width + t.Map.Channels, width, 3)),
            ("refine", ConvNormRelu(width, width, 3))))]);
        _classifier = Conv2d(width, classes, 1);
        register_module("_bottom", _bottom);
        register_module("_stages", _stages);
        register_module("_classifier", _classifier);
    }

    /// <summary>The convolution on the deepest tap's map.</summary>
    internal Sequential Bottom => _bottom;

    /// <summary>The decoder's stages, deepest first: each joins the upsampled map with the next finer tap's.</summary>
    internal IReadOnlyList<Sequential> Stages => [.. _stages];

    /// <summary>The 1 × 1 convolution from the decoder's width to one logit per class.</summary>
    internal Conv2d Classifier => _classifier;

    protected override Tensor Decode(IReadOnlyList<Tensor> features)
    {
        var x = _bottom.forward(features[^1]);
        for (int i = 0; i < _stages.Count; i++)
        {
            var skip = features[features.Count - 2 - i];
            x = _stages[i].forward(cat([ResizeLike(x, skip), skip], 1));
        }
        return _classifier.forward(x);
    }
}
