using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
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
    /// <summary>
    /// Below this many validation images one fitted number says more about the few images than about the model: a
    /// model right on all of them would be sharpened to the bound.
    /// </summary>
    public const int FewestToCalibrate = 50;

    // The validation probabilities of the candidates scored, so that calibrating the chosen one costs no second pass.
    private readonly Dictionary<FinalModel, float[]> _validationProbabilities = [];

    public bool MirrorKeepsTargets => traits.FlipLooksSafe;

    public bool AveragesMembers => true;

    public double ScoreOnValidation(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int classes = validation.ClassNames.Count;
        var probabilities = ValidationProbabilities(model);
        var predicted = new int[validation.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = NetworkRunner.ArgMax(probabilities.AsSpan(i * classes, classes));
        }
        return metric.Score(validation.Labels, predicted, classes);
    }

    public ConfidenceCalibration? Calibrate(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (validation.Count < FewestToCalibrate)
        {
            return null;
        }
        int classes = validation.ClassNames.Count;
        var probabilities = ValidationProbabilities(model with { Calibration = null });
        double temperature = TemperatureScaling.Fit(validation.Labels, probabilities, classes);
        var calibrated = TemperatureScaling.Apply(probabilities, classes, temperature);
        return new ConfidenceCalibration(temperature, CalibrationFigures.Compute(validation.Labels, probabilities, classes), CalibrationFigures.Compute(validation.Labels, calibrated, classes));
    }

    public EvaluationReport EvaluateOnTest(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ClassificationReport.FromProbabilities(test.Labels, Predict(model, test), test.ClassNames, model.Calibration?.Temperature);
    }

    private float[] ValidationProbabilities(FinalModel model)
    {
        if (!_validationProbabilities.TryGetValue(model, out var probabilities))
        {
            probabilities = Predict(model, validation);
            _validationProbabilities[model] = probabilities;
        }
        return probabilities;
    }

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
        return NetworkLoader.Assemble(networks, model.TestTimeFlip, model.Calibration?.Temperature);
    }
}
