using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// A network whose forward pass is its parts applied one after another, for code that must walk a network
/// the way its forward pass does (the ONNX export) without relying on registration order.
/// </summary>
internal interface ISequentialNetwork
{
    /// <summary>The parts in the order the forward pass applies them.</summary>
    IEnumerable<nn.Module<Tensor, Tensor>> Parts { get; }
}
