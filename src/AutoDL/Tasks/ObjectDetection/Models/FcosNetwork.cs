using AutoDL.Data;
using AutoDL.Internal;
using AutoDL.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Tasks.ObjectDetection.Models;

/// <summary>
/// A one-stage, anchor-free detector in the manner of FCOS (Tian et al. 2019): a backbone's last stages, a small
/// feature pyramid (lateral 1×1 convolutions, a top-down sum, a 3×3 smoothing), and one head shared by every level with
/// a classification tower and a box tower. Every location of every level predicts, in one row of the output: a logit
/// per class, its distances to the object's left, top, right and bottom edges in input pixels, and a centre-ness logit
/// (N × <see cref="DetectorLayout.Locations"/> × (classes + 5)). Written by hand: TorchVision for .NET has no
/// detection models, only the box operations and losses that <see cref="Training.FcosLoss"/> and the decoder use.
/// </summary>
internal sealed class FcosNetwork : Module<Tensor, Tensor>
{
    /// <summary>The prior probability of an object at a location, the classification bias starts at (RetinaNet's π).</summary>
    private const double ObjectPrior = 0.01;

    /// <summary>exp(8) ≈ 3,000 strides: beyond any object, and far from overflowing float32.</summary>
    private const double MaxLogDistance = 8;

    private readonly Sequential[] _parts;
    private readonly FeatureTap[] _taps;
    private readonly ModuleList<Module<Tensor, Tensor>> _lateral;
    private readonly ModuleList<Module<Tensor, Tensor>> _smooth;
    private readonly Sequential _classTower;
    private readonly Sequential _boxTower;
    private readonly Conv2d _classes;
    private readonly Conv2d _box;
    private readonly Conv2d _centerness;
    private readonly Parameter _scales;
    private readonly float[] _strides;

    /// <param name="backbone">The feature extractor; its last <paramref name="levels"/> stage taps feed the pyramid.</param>
    /// <param name="input">The input images' shape.</param>
    /// <param name="classes">Object classes.</param>
    /// <param name="levels">Pyramid levels, 1 to 3 (at most the backbone's stages).</param>
    /// <param name="width">Channels of the pyramid and the head, a multiple of 8.</param>
    /// <param name="towerDepth">3×3 convolutions in each tower before its predictions, 1 to 4.</param>
    public FcosNetwork(Backbone backbone, ImageShape input, int classes, int levels, int width, int towerDepth)
        : base(nameof(FcosNetwork))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(towerDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(towerDepth, 4);
        if (width < 8 || width % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The head's width must be a positive multiple of 8.");
        }
        if (backbone.Taps.Count < levels)
        {
            throw new ArgumentException($"The backbone marks {backbone.Taps.Count} stage(s); a {levels}-level pyramid needs as many.", nameof(backbone));
        }
        Classes = classes;
        _parts = [.. backbone.Parts.Select(p => p.Module)];
        _taps = [.. backbone.Taps.Skip(backbone.Taps.Count - levels)];
        Layout = new DetectorLayout(input, [.. _taps.Select(t => t.Map)]);
        _strides = [.. Layout.Levels.Select(l => (float)l.Stride)];
        foreach (var (name, module) in backbone.Parts)
        {
            register_module(name, module);
            WeightInit.ApplyWithIdentityResiduals(module);
        }
        _lateral = new ModuleList<Module<Tensor, Tensor>>([.. _taps.Select(t => (Module<Tensor, Tensor>)Conv2d(t.Map.Channels, width, 1))]);
        _smooth = new ModuleList<Module<Tensor, Tensor>>([.. _taps.Select(_ => (Module<Tensor, Tensor>)Conv2d(width, width, 3, padding: 1))]);
        _classTower = Tower(width, towerDepth);
        _boxTower = Tower(width, towerDepth);
        _classes = Conv2d(width, classes, 3, padding: 1);
        _box = Conv2d(width, 4, 3, padding: 1);
        _centerness = Conv2d(width, 1, 3, padding: 1);
        _scales = new Parameter(ones(levels));
        register_module("_lateral", _lateral);
        register_module("_smooth", _smooth);
        register_module("_class_tower", _classTower);
        register_module("_box_tower", _boxTower);
        register_module("_classes", _classes);
        register_module("_box", _box);
        register_module("_centerness", _centerness);
        register_parameter("_scales", _scales);
        InitialiseHead();
    }

    /// <summary>The detector <paramref name="config"/> describes, for <paramref name="input"/>-shaped images and <paramref name="classes"/> classes.</summary>
    public static FcosNetwork Create(DetectorConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var head = config.Head;
        return new(ModelFactory.CreateBackbone(config.Backbone, input), input, classes, head.Levels, head.Width, head.TowerDepth);
    }

    /// <summary>Where each output row's location is.</summary>
    public DetectorLayout Layout { get; }

    /// <summary>Object classes: the first <see cref="Classes"/> values of each output row are their logits.</summary>
    public int Classes { get; }

    /// <summary>The backbone's parts, in order, which the ONNX export walks as <see cref="forward"/> does.</summary>
    internal IReadOnlyList<Sequential> BackboneParts => _parts;

    /// <summary>The stage ends whose outputs feed the pyramid, finest first.</summary>
    internal IReadOnlyList<FeatureTap> PyramidTaps => _taps;

    /// <summary>The lateral and smoothing convolutions of pyramid level <paramref name="level"/>, for the ONNX export.</summary>
    internal (Module<Tensor, Tensor> Lateral, Module<Tensor, Tensor> Smooth) Pyramid(int level) => (_lateral[level], _smooth[level]);

    /// <summary>The head every level shares: its towers, its three predictions, and each level's learnt scale of the distances.</summary>
    internal (Sequential ClassTower, Sequential BoxTower, Conv2d Classes, Conv2d Box, Conv2d Centerness, Tensor Scales) Head =>
        (_classTower, _boxTower, _classes, _box, _centerness, _scales);

    /// <summary>exp(8) ≈ 3,000 strides: the largest log-distance the head predicts (see <see cref="forward"/>).</summary>
    internal static double LogDistanceCap => MaxLogDistance;

    public override Tensor forward(Tensor input)
    {
        using var scalars = new HeldScalars();
        var features = TappedFeatures.Run(_parts, _taps, input);
        var laterals = new Tensor[features.Count];
        for (int i = 0; i < laterals.Length; i++)
        {
            laterals[i] = _lateral[i].forward(features[i]);
        }
        // Top-down: each level adds the coarser level's map, brought to its own size.
        for (int i = laterals.Length - 2; i >= 0; i--)
        {
            var size = laterals[i].shape[2..];
            laterals[i] = laterals[i].add(functional.interpolate(laterals[i + 1], size, mode: InterpolationMode.Nearest), HeldScalars.One);
        }
        var rows = new Tensor[laterals.Length];
        for (int i = 0; i < laterals.Length; i++)
        {
            var level = _smooth[i].forward(laterals[i]);
            var classTower = _classTower.forward(level);
            var boxTower = _boxTower.forward(level);
            // Distances are learnt as logarithms in strides, one learnt scale per level (shared head, different sizes).
            // The predictions have few channels, which some CPUs' kernels get wrong (WideConvolution).
            var distances = exp((WideConvolution.Forward(_box, boxTower) * _scales[i]).clamp_max(scalars.Of(MaxLogDistance))).mul(scalars.Of(_strides[i]));
            var prediction = cat([WideConvolution.Forward(_classes, classTower), distances, WideConvolution.Forward(_centerness, boxTower)], 1);
            rows[i] = prediction.flatten(2);
        }
        return cat(rows, 2).permute(0, 2, 1);
    }

    private static Sequential Tower(int width, int depth)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i < depth; i++)
        {
            layers.Add(($"conv{i}", Conv2d(width, width, 3, padding: 1)));
            // Group norm, not batch norm: one head serves every level, whose statistics differ (FCOS does the same).
            layers.Add(($"norm{i}", GroupNorm(Math.Min(32, width / 8), width)));
            layers.Add(($"relu{i}", ReLU()));
        }
        return Sequential(layers);
    }

    private void InitialiseHead()
    {
        using var _ = no_grad();
        using var scalars = new HeldScalars();
        foreach (var conv in new[] { _classTower, _boxTower }.SelectMany(t => t.children()).OfType<Conv2d>().Concat([_classes, _box, _centerness]))
        {
            init.normal_(conv.weight!, 0, 0.01);
            init.zeros_(conv.bias!);
        }
        _classes.bias!.fill_(scalars.Of(-Math.Log((1 - ObjectPrior) / ObjectPrior)));
        // TorchSharp 0.107's GroupNorm allocates its scale and shift with torch.empty and never sets them: whatever the
        // memory held became the towers' normalisation (garbage losses, different on every run) until they were set here.
        foreach (var norm in new[] { _classTower, _boxTower }.SelectMany(t => t.children()).OfType<GroupNorm>())
        {
            init.ones_(norm.weight);
            init.zeros_(norm.bias!);
        }
    }
}
