using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models.Heads;

/// <summary>
/// The classifier on a backbone's feature map: global average pooling, dropout and a linear layer to the class logits,
/// after the family's own layers where it has some (MobileNetV2 widens the map with a 1×1 convolution first).
/// </summary>
internal static class ClassificationHead
{
    /// <summary>The head for <paramref name="channels"/>-channel features (after <paramref name="before"/>) and <paramref name="classes"/> classes.</summary>
    public static Sequential Create(int channels, double dropout, int classes, IEnumerable<(string Name, Module<Tensor, Tensor> Layer)>? before = null)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        layers.AddRange((before ?? []).Select(b => (b.Name, b.Layer)));
        layers.Add(("gap", AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", Flatten()));
        layers.Add(("dropout", nn.Dropout(dropout)));
        layers.Add(("fc", Linear(channels, classes)));
        return Sequential(layers);
    }

    /// <summary>The pooling and classifier's cost for <paramref name="channels"/>-channel features (layers before them are the caller's to count).</summary>
    public static NetworkCost Cost(int channels, int classes) => NetworkCost.Map(channels, 1, 1) + NetworkCost.Linear(channels, classes);
}
