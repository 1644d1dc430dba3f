using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// A network made of a <see cref="Backbone"/> and a head, applied in that order. The parts are registered under the
/// backbone's names and "_head", so the weights of packages written before backbones and heads were separate
/// ("_stem", "_blocks", "_head"; "_features", "_head") load as they are.
/// </summary>
internal sealed class BackboneWithHead : Module<Tensor, Tensor>, ISequentialNetwork, IEmbeddingNetwork
{
    private readonly Sequential[] _parts;

    public BackboneWithHead(string name, Backbone backbone, Sequential head)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(head);
        _parts = [.. backbone.Parts.Select(p => p.Module), head];
        foreach (var (partName, module) in backbone.Parts)
        {
            register_module(partName, module);
        }
        register_module("_head", head);
    }

    /// <inheritdoc />
    public IEnumerable<Module<Tensor, Tensor>> Parts => _parts;

    /// <summary>The head's last layer, the linear classifier whose input is the embedding.</summary>
    public Linear Classifier => _parts[^1].children().LastOrDefault() as Linear
        ?? throw new NotSupportedException("The head does not end with a linear classifier, so the network has no embedding.");

    /// <inheritdoc />
    public int EmbeddingSize => (int)Classifier.in_features;

    public override Tensor forward(Tensor input) => Run(_parts, input);

    /// <inheritdoc />
    public (Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor input)
    {
        var classifier = Classifier;
        var head = (Sequential)_parts[^1];
        var embedding = Run(_parts.SkipLast(1).Concat(head.children().SkipLast(1).Cast<Module<Tensor, Tensor>>()), input);
        return (classifier.forward(embedding), embedding);
    }

    private static Tensor Run(IEnumerable<Module<Tensor, Tensor>> layers, Tensor input)
    {
        var x = input;
        foreach (var part in layers)
        {
            var next = part.forward(x);
            // A part may hand back its input (an identity in evaluation mode): that tensor lives on as the output.
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, next))
            {
                x.Dispose();
            }
            x = next;
        }
        return x;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
