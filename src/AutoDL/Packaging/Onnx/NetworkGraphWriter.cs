using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.SemanticSegmentation.Models;
using TorchSharp.Modules;
using static AutoDL.Packaging.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Writes a network's evaluation-mode forward pass as ONNX nodes, layer by layer, walking it the way its
/// forward pass runs. Every layer type the model families use has a case; anything else is refused by name,
/// so a new layer cannot be exported wrongly in silence.
/// </summary>
internal sealed class NetworkGraphWriter
{
    private readonly OnnxGraphBuilder _graph;

    public NetworkGraphWriter(OnnxGraphBuilder graph) => _graph = graph;

    /// <summary>Writes <paramref name="module"/> applied to the value <paramref name="input"/>; returns the output's name.</summary>
    /// <exception cref="NotSupportedException">The network holds a layer with no ONNX mapping.</exception>
    public string Write(nn.Module<Tensor, Tensor> module, string input, string path = "")
    {
        return module switch
        {
            Sequential sequential => Chain(sequential.named_children().Select(c => ((nn.Module<Tensor, Tensor>)c.module, $"{path}{c.name}.")), input),
            ISequentialNetwork network => Chain(network.Parts.Select((part, i) => (part, $"{path}{i}.")), input),
            FlipAveraged averaged => FlipAverage(averaged, input, path, withEmbedding: false).Output,
            TemperatureScaled scaled => _graph.Node("Mul", [Write(scaled.Network, input, path + "network."), Scalar(path + "inverse_temperature", (float)(1 / scaled.Temperature))]),
            LogitAverage ensemble => _graph.Node("Mean", [.. ensemble.Members.Select((member, i) => Write(member, input, $"{path}members.{i}."))]),
            BasicBlock block => Residual(block, input, path),
            InvertedResidual block => Residual(block, input, path),
            Conv2d conv => Convolution(conv, input, path),
            BatchNorm2d norm => Normalization(norm, input, path),
            GroupNorm norm => Normalization(norm, input, path),
            FcosNetwork detector => new FcosGraphWriter(this, _graph).Write(detector, input, path),
            SegmentationNetwork segmenter => new SegmentationGraphWriter(this, _graph).Write(segmenter, input, path),
            ReLU => _graph.Node("Relu", [input]),
            ReLU6 => _graph.Node("Clip", [input, Scalar(path + "min", 0f), Scalar(path + "max", 6f)]),
            MaxPool2d pool => MaxPool(pool, input),
            AdaptiveAvgPool2d pool when pool.output_size.All(s => s == 1) => _graph.Node("GlobalAveragePool", [input]),
            Flatten flatten when flatten.start_dim == 1 && flatten.end_dim == -1 => _graph.Node("Flatten", [input], Int("axis", 1)),
            // Dropout is the identity in evaluation mode.
            Dropout => input,
            Linear linear => _graph.Node(
                "Gemm",
                linear.bias is null ? [input, _graph.Weight(path + "weight", linear.weight!)] : [input, _graph.Weight(path + "weight", linear.weight!), _graph.Weight(path + "bias", linear.bias)],
                Int("transB", 1)),
            _ => throw new NotSupportedException($"The layer '{path.TrimEnd('.')}' ({module.GetType().Name}) has no ONNX export."),
        };
    }

    /// <summary>
    /// Writes a classifier that gives its embedding (<see cref="IEmbeddingNetwork"/>) as the same layers' nodes and names
    /// <see cref="Write"/> gives it, tapping the features its last layer classifies; returns the logits' and the
    /// embedding's names.
    /// </summary>
    public (string Logits, string Embedding) WriteWithEmbedding(nn.Module<Tensor, Tensor> module, string input, string path = "")
    {
        switch (module)
        {
            case TemperatureScaled scaled:
                var (logits, embedding) = WriteWithEmbedding(scaled.Network, input, path + "network.");
                return (_graph.Node("Mul", [logits, Scalar(path + "inverse_temperature", (float)(1 / scaled.Temperature))]), embedding);
            case LogitAverage ensemble:
                var members = ensemble.Members;
                var (best, bestEmbedding) = WriteWithEmbedding(members[0], input, $"{path}members.0.");
                return (_graph.Node("Mean", [best, .. members.Skip(1).Select((member, i) => Write(member, input, $"{path}members.{i + 1}."))]), bestEmbedding);
            case FlipAveraged averaged:
                return FlipAverage(averaged, input, path, withEmbedding: true);
            case BackboneWithHead network:
                var parts = network.Parts.ToList();
                int head = parts.Count - 1;
                var features = Chain(parts.Take(head).Select((part, i) => (part, $"{path}{i}.")), input);
                var layers = ((Sequential)parts[head]).named_children().ToList();
                features = Chain(layers.SkipLast(1).Select(c => ((nn.Module<Tensor, Tensor>)c.module, $"{path}{head}.{c.name}.")), features);
                var classifier = layers[^1];
                return (Write((nn.Module<Tensor, Tensor>)classifier.module, features, $"{path}{head}.{classifier.name}."), features);
            default:
                throw new NotSupportedException($"The network '{path.TrimEnd('.')}' ({module.GetType().Name}) gives no embedding.");
        }
    }

    private string Chain(IEnumerable<(nn.Module<Tensor, Tensor> Module, string Path)> parts, string input)
    {
        foreach (var (part, path) in parts)
        {
            input = Write(part, input, path);
        }
        return input;
    }

    /// <summary>
    /// The network runs once on the batch and its mirrors stacked (N images become 2N), rather than twice: a second
    /// copy of the layers would store every weight twice.
    /// </summary>
    /// <remarks>With <paramref name="withEmbedding"/>, the embedding of the images as given: the first half of the batch's.</remarks>
    private (string Output, string Embedding) FlipAverage(FlipAveraged averaged, string input, string path, bool withEmbedding)
    {
        var mirrored = _graph.Node("Slice", [input, _graph.Int64s(path + "flip.starts", -1), _graph.Int64s(path + "flip.ends", long.MinValue), _graph.Int64s(path + "flip.axes", 3), _graph.Int64s(path + "flip.steps", -1)]);
        var stacked = _graph.Node("Concat", [input, mirrored], Int("axis", 0));
        var (both, bothEmbeddings) = withEmbedding ? WriteWithEmbedding(averaged.Network, stacked, path + "network.") : (Write(averaged.Network, stacked, path + "network."), "");
        var count = _graph.Node("Shape", [input], Int("start", 0), Int("end", 1));
        var batchAxis = _graph.Int64s(path + "halves.axes", 0);
        var start = _graph.Int64s(path + "halves.start", 0);
        var own = _graph.Node("Slice", [both, start, count, batchAxis]);
        var other = _graph.Node("Slice", [both, count, _graph.Int64s(path + "halves.end", long.MaxValue), batchAxis]);
        var embedding = withEmbedding ? _graph.Node("Slice", [bothEmbeddings, start, count, batchAxis]) : "";
        return (_graph.Node("Mul", [_graph.Node("Add", [own, other]), Scalar(path + "half", 0.5f)]), embedding);
    }

    private string Residual(BasicBlock block, string input, string path)
    {
        var (conv1, norm1, conv2, norm2) = block.Branch;
        var branch = Write(norm2, Write(conv2, _graph.Node("Relu", [Write(norm1, Write(conv1, input, path + "conv1."), path + "bn1.")]), path + "conv2."), path + "bn2.");
        var shortcut = block.Projection is null ? input : Write(block.Projection, input, path + "projection.");
        return _graph.Node("Relu", [_graph.Node("Add", [branch, shortcut])]);
    }

    private string Residual(InvertedResidual block, string input, string path)
    {
        var body = Write(block.Body, input, path + "body.");
        return block.HasResidual ? _graph.Node("Add", [body, input]) : body;
    }

    private string Convolution(Conv2d conv, string input, string path)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros || conv.padding_type is not null || conv.transposed)
        {
            throw new NotSupportedException($"The convolution '{path.TrimEnd('.')}' pads with {conv.padding_mode}/{conv.padding_type}; only explicit zero padding is exported.");
        }
        var inputs = new List<string> { input, _graph.Weight(path + "weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(_graph.Weight(path + "bias", conv.bias));
        }
        return _graph.Node(
            "Conv",
            inputs,
            Ints("kernel_shape", conv.kernel_size),
            Ints("strides", conv.stride),
            Ints("pads", [.. conv.padding ?? [0, 0], .. conv.padding ?? [0, 0]]),
            Ints("dilations", conv.dilation),
            Int("group", conv.groups));
    }

    private string Normalization(BatchNorm2d norm, string input, string path)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException($"The batch norm '{path.TrimEnd('.')}' keeps no running statistics, so it has no evaluation-mode form to export.");
        }
        int channels = (int)norm.num_features;
        string scale = norm.weight is null ? _graph.Weight(path + "weight", Enumerable.Repeat(1f, channels).ToArray(), channels) : _graph.Weight(path + "weight", norm.weight);
        string bias = norm.bias is null ? _graph.Weight(path + "bias", new float[channels], channels) : _graph.Weight(path + "bias", norm.bias);
        return _graph.Node(
            "BatchNormalization",
            [input, scale, bias, _graph.Weight(path + "running_mean", norm.running_mean), _graph.Weight(path + "running_var", norm.running_var)],
            Float("epsilon", (float)norm.eps));
    }

    /// <summary>
    /// Group normalisation in operator set 17, which has none: the channels are folded into their groups, each group is
    /// normalised as one instance (InstanceNormalization, unit scale, no shift), the map is unfolded, then the per-channel
    /// scale and shift apply.
    /// </summary>
    private string Normalization(GroupNorm norm, string input, string path)
    {
        long groups = norm.num_groups;
        var grouped = _graph.Node("Reshape", [input, _graph.Int64s(path + "groups", 0, groups, -1)]);
        var normalised = _graph.Node(
            "InstanceNormalization",
            [grouped, _graph.Weight(path + "group_scale", Enumerable.Repeat(1f, (int)groups).ToArray(), groups), _graph.Weight(path + "group_shift", new float[groups], groups)],
            Float("epsilon", (float)norm.eps));
        var unfolded = _graph.Node("Reshape", [normalised, _graph.Node("Shape", [input])]);
        long channels = norm.weight.shape[0];
        using var weight = norm.weight.reshape(1, channels, 1, 1);
        var scaled = _graph.Node("Mul", [unfolded, _graph.Weight(path + "weight", weight)]);
        if (norm.bias is null)
        {
            return scaled;
        }
        using var bias = norm.bias.reshape(1, channels, 1, 1);
        return _graph.Node("Add", [scaled, _graph.Weight(path + "bias", bias)]);
    }

    private string MaxPool(MaxPool2d pool, string input)
    {
        var padding = pool.padding ?? [0, 0];
        return _graph.Node(
            "MaxPool",
            [input],
            Ints("kernel_shape", pool.kernel_size),
            Ints("strides", pool.stride ?? pool.kernel_size),
            Ints("pads", [.. padding, .. padding]),
            Ints("dilations", pool.dilation ?? [1, 1]),
            Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private string Scalar(string name, float value) => _graph.Weight(name, [value]);
}
