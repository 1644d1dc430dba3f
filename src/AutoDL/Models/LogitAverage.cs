using AutoDL.Internal;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// An ensemble of trained networks that predicts with the mean of their logits. Networks trained apart make partly
/// different mistakes, so their average is more often right than either. Averaging logits rather than probabilities
/// gives the normalised geometric mean of the members' probabilities (softmax ignores the per-image constant that
/// separates logits from log-probabilities), which the ONNX graph reproduces with one Mean node.
/// </summary>
internal sealed class LogitAverage : nn.Module<Tensor, Tensor>, IEmbeddingNetwork
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _members;

    public LogitAverage(IReadOnlyList<nn.Module<Tensor, Tensor>> members)
        : base(nameof(LogitAverage))
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2)
        {
            throw new ArgumentException($"An ensemble needs at least two networks; {members.Count} given.", nameof(members));
        }
        _members = new ModuleList<nn.Module<Tensor, Tensor>>([.. members]);
        register_module("members", _members);
    }

    /// <summary>The networks whose logits are averaged, the best first.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Members => [.. _members];

    /// <summary>The best member's embedding: the ensemble has no single feature space, and the best network stands for it.</summary>
    public int EmbeddingSize => Best.EmbeddingSize;

    private IEmbeddingNetwork Best => _members[0] as IEmbeddingNetwork ?? throw new NotSupportedException("The ensemble's best network gives no embedding.");

    public override Tensor forward(Tensor input) => Average(_members[0].forward(input), input);

    /// <inheritdoc />
    public (Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor input)
    {
        var (logits, embedding) = Best.ForwardWithEmbedding(input);
        return (Average(logits, input), embedding);
    }

    /// <summary>The mean of <paramref name="first"/> (the best member's logits, averaged in place) and the other members' logits.</summary>
    private Tensor Average(Tensor first, Tensor input)
    {
        for (int i = 1; i < _members.Count; i++)
        {
            using var logits = _members[i].forward(input);
            first.add_(logits, HeldScalars.One);
        }
        using var share = new HeldScalars();
        return first.mul_(share.Of(1.0 / _members.Count));
    }
}
