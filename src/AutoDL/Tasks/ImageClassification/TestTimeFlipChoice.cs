using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>Whether the chosen model predicts better averaged with its mirror views, judged on the validation split.</summary>
/// <param name="Plain">The validation score of the network alone.</param>
/// <param name="Averaged">The validation score with each image averaged with its mirror.</param>
internal sealed record TestTimeFlipChoice(double Plain, double Averaged)
{
    /// <summary>True when averaging scored strictly higher: a tie is not worth twice the inference time.</summary>
    public bool Use => Averaged > Plain;

    /// <summary>Scores the best model's validation predictions with and without its mirror views.</summary>
    public static TestTimeFlipChoice Measure(BestModel best, ImageDataset validation, NormalizationStats stats, SelectionMetric metric)
    {
        int classes = validation.ClassNames.Count;
        var builder = new BatchBuilder(validation.Shape, stats);
        using var averaged = new FlipAveraged(Network(best, validation.Shape, classes));
        double plain = Score(averaged.Network);
        double flipped = Score(averaged);
        return new TestTimeFlipChoice(plain, flipped);

        double Score(nn.Module<Tensor, Tensor> network)
        {
            var probabilities = NetworkRunner.PredictProbabilities(network, validation, builder, classes);
            var predicted = new int[validation.Count];
            for (int i = 0; i < predicted.Length; i++)
            {
                predicted[i] = NetworkRunner.ArgMax(probabilities.AsSpan(i * classes, classes));
            }
            return metric.Score(validation.Labels, predicted, classes);
        }
    }

    /// <summary>The best model's network with its weights, flip-averaged when <paramref name="flip"/>.</summary>
    public static nn.Module<Tensor, Tensor> Network(BestModel best, ImageShape shape, int classes, bool flip = false)
    {
        var network = ModelFactory.Create(best.Model, shape, classes);
        WeightsSerializer.Load(network, best.Weights);
        return flip ? new FlipAveraged(network) : network;
    }
}
