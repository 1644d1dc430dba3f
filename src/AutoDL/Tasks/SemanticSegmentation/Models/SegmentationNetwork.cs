using AutoDL.Data;
using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// A backbone with a decoder: N × C × H × W images in, N × classes × H × W logits out, one class score per pixel at the
/// input's own size (any size; the shape it was built for is what its cost is counted at). Every family's backbone marks
/// its stage ends, so each decoder stands on ResNet, MobileNetV2 or the plain CNN; a decoder says only how the tapped
/// maps become logits at the finest tap's resolution.
/// </summary>
internal abstract class SegmentationNetwork : Module<Tensor, Tensor>
{
    private readonly Sequential[] _parts;
    private readonly FeatureTap[] _taps;

    /// <param name="name">The module's name.</param>
    /// <param name="backbone">The feature extractor; its last <paramref name="depth"/> stage taps feed the decoder.</param>
    /// <param name="classes">Pixel classes.</param>
    /// <param name="depth">Taps the decoder uses, 2 to 4.</param>
    /// <param name="width">Channels of the decoder, a multiple of 8.</param>
    protected SegmentationNetwork(string name, Backbone backbone, int classes, int depth, int width)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        Check(backbone.Taps.Count, classes, depth, width);
        _parts = [.. backbone.Parts.Select(p => p.Module)];
        _taps = [.. backbone.Taps.Skip(backbone.Taps.Count - depth)];
        foreach (var (part, module) in backbone.Parts)
        {
            register_module(part, module);
            WeightInit.ApplyWithIdentityResiduals(module);
        }
    }

    /// <summary>The backbone's parts, in order (the ONNX writer walks them).</summary>
    internal IReadOnlyList<Sequential> BackboneParts => _parts;

    /// <summary>The backbone taps the decoder uses, finest first.</summary>
    internal IReadOnlyList<FeatureTap> Taps => _taps;

    /// <summary>The network <paramref name="config"/> describes, for <paramref name="input"/>-shaped images and <paramref name="classes"/> classes.</summary>
    public static SegmentationNetwork Create(SegmenterConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var backbone = ModelFactory.CreateBackbone(config.Backbone, input);
        var head = config.Head;
        return head.Decoder switch
        {
            SegmentationDecoder.Aspp => new AsppNetwork(backbone, classes, head.Depth, head.Width),
            SegmentationDecoder.LrAspp => new LrAsppNetwork(backbone, classes, head.Depth, head.Width),
            _ => new UNetNetwork(backbone, classes, head.Depth, head.Width),
        };
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

    public sealed override Tensor forward(Tensor input)
    {
        var logits = Decode(TappedFeatures.Run(_parts, _taps, input));
        // Logits at the input's own size, whatever it is: training tiles and whole images of any size alike.
        return functional.interpolate(logits, [input.shape[2], input.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>The logits at the finest tap's resolution, from the tapped maps (finest first).</summary>
    protected abstract Tensor Decode(IReadOnlyList<Tensor> features);

    /// <summary><paramref name="x"/> resized bilinearly (PyTorch's half-pixel sampling) to <paramref name="like"/>'s height and width.</summary>
    protected static Tensor ResizeLike(Tensor x, Tensor like) =>
        functional.interpolate(x, [like.shape[2], like.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);

    /// <summary>A convolution without bias, batch norm and ReLU, as every decoder builds its layers.</summary>
    protected static Sequential ConvNormRelu(int inChannels, int outChannels, int kernel, int dilation = 1) => Sequential(
        ("conv", Conv2d(inChannels, outChannels, kernel, padding: kernel / 2 * dilation, dilation: dilation, bias: false)),
        ("norm", BatchNorm2d(outChannels)),
        ("relu", ReLU()));
}
