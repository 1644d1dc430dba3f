using AutoDL.Internal;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// Test-time flip: a trained network's logits averaged over each image and its left–right mirror. Two views of the
/// same object disagree where the network is unsure, and their average is a cheap ensemble; it is only right where a
/// mirrored image keeps its label (clothes, animals; not text).
/// </summary>
internal sealed class FlipAveraged : nn.Module<Tensor, Tensor>, IEmbeddingNetwork
{
    private readonly nn.Module<Tensor, Tensor> _network;

    public FlipAveraged(nn.Module<Tensor, Tensor> network)
        : base(nameof(FlipAveraged))
    {
        _network = network;
        register_module("network", network);
    }

    /// <summary>The network whose views are averaged.</summary>
    public nn.Module<Tensor, Tensor> Network => _network;

    /// <summary>The embedding of the image as given: its mirror's would describe another image to a drift test.</summary>
    public int EmbeddingSize => Embedding.EmbeddingSize;

    private IEmbeddingNetwork Embedding => _network as IEmbeddingNetwork ?? throw new NotSupportedException("The flipped network gives no embedding.");

    /// <inheritdoc />
    public (Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor input)
    {
        var (own, embedding) = Embedding.ForwardWithEmbedding(input);
        return (AveragedWithMirror(own, input), embedding);
    }

    public override Tensor forward(Tensor input) => AveragedWithMirror(_network.forward(input), input);

    /// <summary>The mean of <paramref name="own"/> (the network's logits of <paramref name="input"/>, disposed here) and those of its mirror.</summary>
    private Tensor AveragedWithMirror(Tensor own, Tensor input)
    {
        using (own)
        {
            using var mirrored = input.flip(3);
            using var other = _network.forward(mirrored);
            using var half = new HeldScalars();
            return own.add(other, HeldScalars.One).mul_(half.Of(0.5));
        }
    }
}
