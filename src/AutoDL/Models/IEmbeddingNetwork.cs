using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// A classifier that gives, with its logits, the features its last layer classifies (the embedding): what monitoring
/// measures distances and drift on. One forward pass gives both.
/// </summary>
internal interface IEmbeddingNetwork
{
    /// <summary>Features per image.</summary>
    int EmbeddingSize { get; }

    /// <summary>The logits (N × classes) and the embedding (N × <see cref="EmbeddingSize"/>) of <paramref name="input"/>.</summary>
    (Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor input);
}
