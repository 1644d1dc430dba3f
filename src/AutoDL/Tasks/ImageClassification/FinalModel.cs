using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// The model a fit delivers: the best trial's network, possibly averaged with the runner-up's (an ensemble of the best
/// two) and with each image's mirror (test-time flip). Each addition is kept only when it scores strictly better on the
/// validation split, so the test split stays unseen and a tie is not worth the extra inference time.
/// </summary>
/// <param name="Members">The networks whose logits are averaged, the best first.</param>
/// <param name="TestTimeFlip">Whether each image is averaged with its mirror.</param>
internal sealed record FinalModel(IReadOnlyList<BestModel> Members, bool TestTimeFlip)
{
    /// <summary>The best model alone.</summary>
    public static FinalModel Of(BestModel best) => new([best], TestTimeFlip: false);

    /// <summary>The best model of the search; its manifest entry describes the package.</summary>
    public BestModel Primary => Members[0];

    /// <summary>The networks after the first, as the package's ensemble lists them.</summary>
    public IEnumerable<BestModel> Others => Members.Skip(1);

    /// <summary>The network that predicts as this model does, with its trained weights, in evaluation mode.</summary>
    public nn.Module<Tensor, Tensor> Network(ImageShape shape, int classes)
    {
        var networks = new List<nn.Module<Tensor, Tensor>>();
        foreach (var member in Members)
        {
            var network = ModelFactory.Create(member.Model, shape, classes);
            WeightsSerializer.Load(network, member.Weights);
            networks.Add(network);
        }
        return NetworkLoader.Assemble(networks, TestTimeFlip);
    }

    /// <summary>Class probabilities for every image of <paramref name="images"/>, as <see cref="NetworkRunner.PredictProbabilities(nn.Module{Tensor, Tensor}, ImageDataset, BatchBuilder, int, int)"/> lays them out.</summary>
    public float[] Predict(ImageDataset images, NormalizationStats stats)
    {
        int classes = images.ClassNames.Count;
        using var network = Network(images.Shape, classes);
        return NetworkRunner.PredictProbabilities(network, images, new BatchBuilder(images.Shape, stats), classes);
    }

    /// <summary>The score of this model's predictions on <paramref name="images"/>.</summary>
    public double Score(ImageDataset images, NormalizationStats stats, SelectionMetric metric)
    {
        int classes = images.ClassNames.Count;
        var probabilities = Predict(images, stats);
        var predicted = new int[images.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = NetworkRunner.ArgMax(probabilities.AsSpan(i * classes, classes));
        }
        return metric.Score(images.Labels, predicted, classes);
    }
}
