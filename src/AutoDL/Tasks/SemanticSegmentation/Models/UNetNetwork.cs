using AutoDL.Data;
using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// A backbone with a U-Net-style decoder (<see cref="SegmentationHead"/>): N × C × H × W images in, N × classes × H × W
/// logits out, one class score per pixel at the input's own size (any size; the shape it was built for is what its
/// cost is counted at). Every family's backbone marks its stage ends, so the
/// same decoder stands on ResNet, MobileNetV2 or the plain CNN.
/// </summary>
internal sealed class UNetNetwork : Module<Tensor, Tensor>
{
    private readonly Sequential[] _parts;
    private readonly FeatureTap[] _taps;
    private readonly Sequential _bottom;
    private readonly ModuleList<Sequential> _stages;
    private readonly Conv2d _classifier;

    /// <param name="backbone">The feature extractor; its last <paramref name="depth"/> stage taps feed the decoder.</param>
    /// <param name="classes">Pixel classes.</param>
    /// <param name="depth">Taps the decoder climbs, 2 to 4.</param>
    /// <param name="width">Channels of the decoder, a multiple of 8.</param>
    public UNetNetwork(Backbone backbone, int classes, int depth, int width)
        : base(nameof(UNetNetwork))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        Check(backbone.Taps.Count, classes, depth, width);
        _parts = [.. backbone.Parts.Select(p => p.Module)];
        _taps = [.. backbone.Taps.Skip(backbone.Taps.Count - depth)];
        foreach (var (name, module) in backbone.Parts)
        {
            register_module(name, module);
            WeightInit.ApplyWithIdentityResiduals(module);
        }
        _bottom = ConvNormRelu(_taps[^1].Map.Channels, width, 1);
        // One stage per shallower tap, deepest first: what joins the upsampled map there is that tap's map.
        _stages = new ModuleList<Sequential>([.. _taps[..^1].Reverse().Select(t => Sequential(
            ("join", ConvNormRelu(width + t.Map.Channels, width, 3)),
            ("refine", ConvNormRelu(width, width, 3))))]);
        _classifier = Conv2d(width, classes, 1);
        register_module("_bottom", _bottom);
        register_module("_stages", _stages);
        register_module("_classifier", _classifier);
    }

    /// <summary>The network <paramref name="config"/> describes, for <paramref name="input"/>-shaped images and <paramref name="classes"/> classes.</summary>
    public static UNetNetwork Create(SegmenterConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new(ModelFactory.CreateBackbone(config.Backbone, input), classes, config.Head.Depth, config.Head.Width);
    }

    /// <summary>Refuses a head its backbone cannot carry, with the field that is wrong.</summary>
    internal static void Check(int backboneTaps, int classes, int depth, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 4);
        if (width < 8 || width % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The decoder's width must be a positive multiple of 8.");
        }
        if (backboneTaps < depth)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"The backbone marks {backboneTaps} stage(s); a decoder of depth {depth} climbs as many.");
        }
    }

    /// <summary>The backbone's parts, in order (the ONNX writer walks them).</summary>
    internal IReadOnlyList<Sequential> BackboneParts => _parts;

    /// <summary>The backbone taps the decoder climbs, finest first.</summary>
    internal IReadOnlyList<FeatureTap> Taps => _taps;

    /// <summary>The convolution on the deepest tap's map.</summary>
    internal Sequential Bottom => _bottom;

    /// <summary>The decoder's stages, deepest first: each joins the upsampled map with the next finer tap's.</summary>
    internal IReadOnlyList<Sequential> Stages => [.. _stages];

    /// <summary>The 1 × 1 convolution from the decoder's width to one logit per class.</summary>
    internal Conv2d Classifier => _classifier;

    public override Tensor forward(Tensor input)
    {
        var features = TappedFeatures.Run(_parts, _taps, input);
        var x = _bottom.forward(features[^1]);
        for (int i = 0; i < _stages.Count; i++)
        {
            var skip = features[features.Count - 2 - i];
            var up = functional.interpolate(x, [skip.shape[2], skip.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
            x = _stages[i].forward(cat([up, skip], 1));
        }
        // Logits at the input's own size, whatever it is: training tiles and whole images of any size alike.
        return functional.interpolate(_classifier.forward(x), [input.shape[2], input.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    private static Sequential ConvNormRelu(int inChannels, int outChannels, int kernel) => Sequential(
        ("conv", Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: false)),
        ("norm", BatchNorm2d(outChannels)),
        ("relu", ReLU()));
}
