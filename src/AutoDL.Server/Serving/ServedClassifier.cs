using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Server.Http;
using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Server.Serving;

/// <summary>An image classifier behind the server: each image's most probable classes, as many as its request asks (<c>top</c>).</summary>
internal sealed class ServedClassifier(Predictor predictor, int defaultTop) : ServedModel<byte[], Prediction>
{
    private readonly DriftMonitor? _drift = DriftReference.From(predictor.Manifest.Monitoring) is { } reference ? new DriftMonitor(reference) : null;

    /// <summary>Every image the server classifies is observed, in the order its batch ran.</summary>
    public override DriftMonitor? Drift => _drift;

    public override PackageManifest Manifest => predictor.Manifest;

    public override InferenceSettings Settings => predictor.Settings;

    public override void Check(PredictParameters parameters)
    {
        if (parameters.MinScore is not null)
        {
            throw DoesNotApply(PredictParameters.MinScoreName, "image classifier", PredictParameters.TopName);
        }
    }

    public override byte[] Decode(byte[] encoded) => predictor.LoadImage(encoded);

    /// <summary>Every class ranked: a ranking is stable, so its first k are what a pass asked for k returns.</summary>
    public override IReadOnlyList<Prediction> Run(IReadOnlyList<byte[]> images)
    {
        var predictions = predictor.PredictPixels(images, predictor.ClassNames.Count);
        if (_drift is not null)
        {
            foreach (var prediction in predictions)
            {
                if (prediction.Observation is { } observation)
                {
                    _drift.Add(observation);
                }
            }
        }
        return predictions;
    }

    public override object Answer(Prediction output, string? fileName, PredictParameters parameters)
    {
        int top = parameters.Top ?? defaultTop;
        return new ImageResult(fileName, output.Label, output.Confidence, output.Top.Count <= top ? output.Top : output.Top.Take(top).ToList(), output.Margin, output.Entropy, output.OutOfDistribution);
    }
}
