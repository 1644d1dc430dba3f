using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// The DeepLabv3+-style decoder (<see cref="SegmentationDecoder.Aspp"/>): an atrous spatial pyramid on the deepest tap (a
/// 1×1 branch, 3×3 branches dilated by <see cref="Rates"/>, and the map's global average broadcast back), projected to
/// the decoder's width, upsampled to the finest tap, joined with that tap's map reduced by a 1×1 convolution, refined
/// by two 3×3 convolutions and classified.
/// </summary>
/// <remarks>
/// As DeepLab does, the search gives this decoder a ResNet whose last stage is dilated instead of strided
/// (<see cref="ResNetConfig.DilateLastStage"/>), so the deepest map is twice as fine; a MobileNetV2 backbone stays as it
/// is. DeepLab's rates 6, 12, 18 suit its 33-cell maps (513-pixel crops at stride 16); the tiles here give maps of 4 to
/// 32 cells, where rates 2 and 4 reach 9 cells and wider ones would read mostly padding.
/// </remarks>
internal sealed class AsppNetwork : SegmentationNetwork
{
    /// <summary>The dilations of the pyramid's 3×3 branches.</summary>
    public static readonly IReadOnlyList<int> Rates = [2, 4];

    private readonly Sequential _point;
    private readonly ModuleList<Sequential> _atrous;
    private readonly Conv2d _pooled;
    private readonly Sequential _project;
    private readonly Sequential _detail;
    private readonly Sequential _fuse;
    private readonly Conv2d _classifier;

    /// <param name="backbone">The feature extractor; the deepest and the finest of its last <paramref name="depth"/> taps feed the decoder.</param>
    /// <param name="classes">Pixel classes.</param>
    /// <param name="depth">Taps from the deepest to the fine one joined, 2 to 4.</param>
    /// <param name="width">Channels of the pyramid's branches and of the decoder, a multiple of 8.</param>
    public AsppNetwork(Backbone backbone, int classes, int depth, int width)
        : base(nameof(AsppNetwork), backbone, classes, depth, width)
    {
        int deep = Taps[^1].Map.Channels;
        int detail = DetailWidth(width);
        _point = ConvNormRelu(deep, width, 1);
        _atrous = new ModuleList<Sequential>([.. Rates.Select(rate => ConvNormRelu(deep, width, 3, rate))]);
        // The pooled branch is one value per channel and image: no batch norm over a 1 × 1 map, a bias instead.
        _pooled = Conv2d(deep, width, 1);
        _project = ConvNormRelu((2 + Rates.Count) * width, width, 1);
        _detail = ConvNormRelu(Taps[0].Map.Channels, detail, 1);
        _fuse = Sequential(("join", ConvNormRelu(width + detail, width, 3)), ("refine", ConvNormRelu(width, width, 3)));
        _classifier = Conv2d(width, classes, 1);
        register_module("_point", _point);
        register_module("_atrous", _atrous);
        register_module("_pooled", _pooled);
        register_module("_project", _project);
        register_module("_detail", _detail);
        register_module("_fuse", _fuse);
        register_module("_classifier", _classifier);
    }

    /// <summary>The 1×1 branch on the deepest map.</summary>
    internal Sequential Point => _point;

    /// <summary>The dilated 3×3 branches, in the order of <see cref="Rates"/>.</summary>
    internal IReadOnlyList<Sequential> Atrous => [.. _atrous];

    /// <summary>The 1×1 convolution (with bias) of the deepest map's global average.</summary>
    internal Conv2d Pooled => _pooled;

    /// <summary>The 1×1 convolution of the joined branches to the decoder's width.</summary>
    internal Sequential Project => _project;

    /// <summary>The 1×1 reduction of the finest tap's map.</summary>
    internal Sequential Detail => _detail;

    /// <summary>The two 3×3 convolutions after the join.</summary>
    internal Sequential Fuse => _fuse;

    /// <summary>The 1×1 convolution to one logit per class.</summary>
    internal Conv2d Classifier => _classifier;

    /// <summary>Channels the finest tap is reduced to: half the decoder's, as DeepLabv3+ keeps its 48 of 256 few, at least 8.</summary>
    internal static int DetailWidth(int width) => Math.Max(8, width / 2 / 8 * 8);

    protected override Tensor Decode(IReadOnlyList<Tensor> features)
    {
        var deep = features[^1];
        var point = _point.forward(deep);
        var pooled = functional.relu(_pooled.forward(deep.mean([2, 3], keepdim: true))).expand_as(point);
        var pyramid = _project.forward(cat([point, .. _atrous.Select(branch => branch.forward(deep)), pooled], 1));
        var fine = features[0];
        return _classifier.forward(_fuse.forward(cat([ResizeLike(pyramid, fine), _detail.forward(fine)], 1)));
    }
}
