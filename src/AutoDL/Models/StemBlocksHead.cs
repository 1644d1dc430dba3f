using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// The shape ResNet and MobileNetV2 share: a stem, a run of blocks, and a classifier head, applied in
/// that order. Derived networks build the three parts and hand them over with <see cref="SetParts"/>.
/// </summary>
internal abstract class StemBlocksHead : Module<Tensor, Tensor>, ISequentialNetwork
{
    private Sequential? _stem;
    private Sequential? _blocks;
    private Sequential? _head;

    protected StemBlocksHead(string name)
        : base(name)
    {
    }

    /// <summary>The blocks, for initialisation that treats each block on its own.</summary>
    protected Sequential Blocks => _blocks ?? throw new InvalidOperationException("SetParts has not been called.");

    /// <inheritdoc />
    public IEnumerable<Module<Tensor, Tensor>> Parts => _stem is null || _blocks is null || _head is null
        ? throw new InvalidOperationException("SetParts has not been called.")
        : [_stem, _blocks, _head];

    public override Tensor forward(Tensor input)
    {
        if (_stem is null || _blocks is null || _head is null)
        {
            throw new InvalidOperationException("SetParts has not been called.");
        }
        using var stem = _stem.forward(input);
        using var features = _blocks.forward(stem);
        return _head.forward(features);
    }

    /// <summary>Registers the parts (names "_stem", "_blocks", "_head", as field registration would give them).</summary>
    protected void SetParts(Sequential stem, Sequential blocks, Sequential head)
    {
        _stem = stem;
        _blocks = blocks;
        _head = head;
        register_module("_stem", stem);
        register_module("_blocks", blocks);
        register_module("_head", head);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stem?.Dispose();
            _blocks?.Dispose();
            _head?.Dispose();
        }
        base.Dispose(disposing);
    }
}
