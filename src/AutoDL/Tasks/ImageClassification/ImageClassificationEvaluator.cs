using System.Text.Json;
using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
using AutoDL.Models;
using AutoDL.Monitoring;
using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Evaluation;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// Scores a final model's class predictions on the validation split, calibrates them there, profiles its embeddings for
/// monitoring, and reports them on the test split.
/// </summary>
internal sealed class ImageClassificationEvaluator(ImageDataset train, ImageDataset validation, ImageDataset test, NormalizationStats stats, SelectionMetric metric, DataTraits traits) : ITaskEvaluator
{
    /// <summary>Training images whose embeddings the monitoring profile is fitted on: a spread of every class in a few seconds.</summary>
    public const int ProfileSample = FinalModelChoice.ProfiledTrainingExamples;

    /// <summary>
    /// Below this many validation images one fitted number says more about the few images than about the model: a
    /// model right on all of them would be sharpened to the bound.
    /// </summary>
    public const int FewestToCalibrate = 50;

    // The validation predictions of the candidates scored, so that calibrating and profiling the chosen one cost no second pass.
    private readonly Dictionary<FinalModel, (float[] Probabilities, float[] Embeddings)> _validation = [];

    public bool MirrorKeepsTargets => traits.FlipLooksSafe;

    public bool AveragesMembers => true;

    public double ScoreOnValidation(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int classes = validation.ClassNames.Count;
        var probabilities = Validation(model).Probabilities;
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
        var probabilities = Validation(model with { Calibration = null }).Probabilities;
        double temperature = TemperatureScaling.Fit(validation.Labels, probabilities, classes);
        var calibrated = TemperatureScaling.Apply(probabilities, classes, temperature);
        return new ConfidenceCalibration(temperature, CalibrationFigures.Compute(validation.Labels, probabilities, classes), CalibrationFigures.Compute(validation.Labels, calibrated, classes));
    }

    /// <summary>
    /// The embedding profile (<see cref="EmbeddingProfile"/>) of the best network, fitted on a sample of the training
    /// split and set against the validation split, under "embedding"; and the validation split's predictions as the drift
    /// reference (<see cref="DriftReference"/>), under "drift".
    /// </summary>
    public JsonElement? MonitoringReference(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int classes = train.ClassNames.Count;
        var (validationProbabilities, validationEmbeddings) = Validation(model with { Calibration = null });
        // Every k-th image: the split is shuffled, so every class is in the sample in its share.
        int step = Math.Max(1, (int)Math.Ceiling((double)train.Count / ProfileSample));
        var sample = train.Subset([.. Enumerable.Range(0, train.Count).Where(i => i % step == 0)]);
        // The embedding is the best network's on the image as given, whatever the ensemble and flip: the best alone gives it.
        var (_, embeddings) = Predict(FinalModel.Of(model.Primary), sample);
        int size = embeddings.Length / Math.Max(1, sample.Count);
        var profile = EmbeddingProfileFitter.Fit(embeddings, sample.Labels, classes, size, validationEmbeddings);
        // As the package will give them: calibrated.
        var delivered = model.Calibration is { } calibration ? TemperatureScaling.Apply(validationProbabilities, classes, calibration.Temperature) : validationProbabilities;
        var observations = new DriftObservation[validation.Count];
        var projected = new double[profile.Components];
        for (int i = 0; i < validation.Count; i++)
        {
            profile.Project(validationEmbeddings.AsSpan(i * size, size), projected);
            observations[i] = DriftObservations.Of(projected, delivered.AsSpan(i * classes, classes), validation.Image(i));
        }
        var drift = DriftReference.Fit(observations, classes);
        return JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["embedding"] = profile, ["drift"] = drift }, ModelPackage.JsonOptions);
    }

    public EvaluationReport EvaluateOnTest(FinalModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ClassificationReport.FromProbabilities(test.Labels, Predict(model, test).Probabilities, test.ClassNames, model.Calibration?.Temperature);
    }

    private (float[] Probabilities, float[] Embeddings) Validation(FinalModel model)
    {
        if (!_validation.TryGetValue(model, out var predictions))
        {
            predictions = Predict(model, validation);
            _validation[model] = predictions;
        }
        return predictions;
    }

    /// <summary>
    /// Class probabilities for every image of <paramref name="images"/>, as <see cref="NetworkRunner.PredictProbabilities(nn.Module{Tensor, Tensor}, ImageSet, BatchBuilder, int, int)"/>
    /// lays them out, and their embeddings: the same forward pass gives both.
    /// </summary>
    private (float[] Probabilities, float[] Embeddings) Predict(FinalModel model, ImageDataset images)
    {
        int classes = images.ClassNames.Count;
        using var network = Network(model, images.Shape, classes);
        var embeddings = new float[(long)images.Count * ((IEmbeddingNetwork)network).EmbeddingSize];
        return (NetworkRunner.PredictProbabilities(network, images.Count, images.Image, images.Shape, new BatchBuilder(images.Shape, stats), classes, embeddings), embeddings);
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
