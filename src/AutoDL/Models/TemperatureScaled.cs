using AutoDL.Internal;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// A trained network whose logits are divided by a calibrated temperature, so that the softmax of its output says how
/// often it is right. The arg-max, and so every prediction, is unchanged; the ONNX graph writes it as one multiply.
/// </summary>
internal sealed class TemperatureScaled : nn.Module<Tensor, Tensor>, IEmbeddingNetwork
{
    private readonly nn.Module<Tensor, Tensor> _network;

    public TemperatureScaled(nn.Module<Tensor, Tensor> network, double temperature)
        : base(nameof(TemperatureScaled))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        _network = network;
        Temperature = temperature;
        register_module("network", network);
    }

    /// <summary>The network whose logits are scaled.</summary>
    public nn.Module<Tensor, Tensor> Network => _network;

    /// <summary>The divisor of the logits.</summary>
    public double Temperature { get; }

    /// <inheritdoc />
    public int EmbeddingSize => Embedding.EmbeddingSize;

    private IEmbeddingNetwork Embedding => _network as IEmbeddingNetwork ?? throw new NotSupportedException("The calibrated network gives no embedding.");

    public override Tensor forward(Tensor input)
    {
        using var logits = _network.forward(input);
        return Scale(logits);
    }

    /// <inheritdoc />
    public (Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor input)
    {
        var (logits, embedding) = Embedding.ForwardWithEmbedding(input);
        using (logits)
        {
            return (Scale(logits), embedding);
        }
    }

    private Tensor Scale(Tensor logits)
    {
        using var scale = new HeldScalars();
        return logits.mul(scale.Of(1 / Temperature));
    }
}
