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
internal sealed class LogitAverage : nn.Module<Tensor, Tensor>
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

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var sum = _members[0].forward(input);
        for (int i = 1; i < _members.Count; i++)
        {
            sum = sum.add_(_members[i].forward(input), HeldScalars.One);
        }
        using var share = new HeldScalars();
        return sum.mul_(share.Of(1.0 / _members.Count)).MoveToOuterDisposeScope();
    }
}
