using AutoDL.Packaging.Onnx.Proto;
using Google.Protobuf;
using TorchSharp;

namespace AutoDL.Packaging.Onnx;

/// <summary>
/// Accumulates an ONNX graph: nodes in topological order (the order they are added), weights as
/// initializers, and fresh value names, so the writers of each layer only say what they compute.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _initializers = new(StringComparer.Ordinal);
    private int _values;

    /// <summary>The graph so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>Adds a node and returns the name of its (single) output.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = $"{opType.ToLowerInvariant()}_{_values++}";
        NodeTo(opType, inputs, output, attributes);
        return output;
    }

    /// <summary>Adds a node whose output gets the given name (for the graph's outputs).</summary>
    public void NodeTo(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>
    /// Stores a float tensor (a copy of its values, contiguous row-major) as an initializer and returns its name. A name
    /// already stored is returned as it is: names come from the module's path, so the same name is the same weights (a
    /// detector's head, shared by every pyramid level, is written once per level but stored once).
    /// </summary>
    public string Weight(string name, torch.Tensor tensor)
    {
        if (_initializers.Contains(name))
        {
            return name;
        }
        using var contiguous = tensor.detach().cpu().to_type(torch.ScalarType.Float32).contiguous();
        return Weight(name, contiguous.data<float>().ToArray(), contiguous.shape);
    }

    /// <summary>Stores float values of the given shape as an initializer and returns its name (a name already stored is returned as it is).</summary>
    public string Weight(string name, float[] values, params long[] dims)
    {
        if (_initializers.Contains(name))
        {
            return name;
        }
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is ONNX's little-endian layout; every platform .NET runs AutoDL on is little-endian.
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Add(tensor);
        return name;
    }

    /// <summary>Stores int64 values (shapes, axes) as an initializer and returns its name (a name already stored is returned as it is).</summary>
    public string Int64s(string name, params long[] values)
    {
        if (_initializers.Contains(name))
        {
            return name;
        }
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Add(tensor);
        return name;
    }

    private void Add(TensorProto initializer)
    {
        if (!_initializers.Add(initializer.Name))
        {
            throw new InvalidOperationException($"The graph already has an initializer named '{initializer.Name}'.");
        }
        _graph.Initializer.Add(initializer);
    }

    /// <summary>A graph input or output of the given element type; null dimensions are symbolic (the batch).</summary>
    public static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
