using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Evaluation;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>Scores a final model's class predictions on the validation split and reports them on the test split.</summary>
internal sealed class ImageClassificationEvaluator(ImageDataset validation, ImageDataset test, NormalizationStats stats, SelectionMetric metric, DataTraits traits) : ITaskEvaluator
{
    public bool MirrorKeepsTargets => traits.FlipLooksSafe;

    public bool AveragesMembers => true;

    public double ScoreOnValidation(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int classes = validation.ClassNames.Count;
        var probabilities = Predict(model, validation);
        var predicted = new int[validation.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = NetworkRunner.ArgMax(probabilities.AsSpan(i * classes, classes));
        }
        return metric.Score(validation.Labels, predicted, classes);
    }

    public EvaluationReport EvaluateOnTest(FinalModel model) =>
        ClassificationReport.FromProbabilities(test.Labels, Predict(model, test), test.ClassNames);

    /// <summary>Class probabilities for every image of <paramref name="images"/>, as <see cref="NetworkRunner.PredictProbabilities(nn.Module{Tensor, Tensor}, ImageSet, BatchBuilder, int, int)"/> lays them out.</summary>
    private float[] Predict(FinalModel model, ImageDataset images)
    {
        int classes = images.ClassNames.Count;
        using var network = Network(model, images.Shape, classes);
        return NetworkRunner.PredictProbabilities(network, images, new BatchBuilder(images.Shape, stats), classes);
    }

    /// <summary>The network that predicts as <paramref name="model"/> does, with its trained weights, in evaluation mode.</summary>
    private static nn.Module<Tensor, Tensor> Network(FinalModel model, ImageShape shape, int classes)
    {
        var networks = new List<nn.Module<Tensor, Tensor>>();
        foreach (var member in model.Members)
        {
            var network = ModelFactory.Create(member.Model, shape, classes);
            WeightsSerializer.Load(network, member.Weights);
            networks.Add(network);
        }
        return NetworkLoader.Assemble(networks, model.TestTimeFlip);
    }
}
