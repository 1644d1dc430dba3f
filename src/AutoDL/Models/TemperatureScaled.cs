using AutoDL.Internal;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// A trained network whose logits are divided by a calibrated temperature, so that the softmax of its output says how
/// often it is right. The arg-max, and so every prediction, is unchanged; the ONNX graph writes it as one multiply.
/// </summary>
internal sealed class TemperatureScaled : nn.Module<Tensor, Tensor>
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

    public override Tensor forward(Tensor input)
    {
        using var logits = _network.forward(input);
        using var scale = new HeldScalars();
        return logits.mul(scale.Of(1 / Temperature));
    }
}
