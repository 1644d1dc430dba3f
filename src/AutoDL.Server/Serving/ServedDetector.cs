using System.Globalization;
using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Server.Http;
using AutoDL.Tasks.ObjectDetection.Inference;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Serving;

/// <summary>
/// An object detector behind the server: each image's objects scoring at least its request's <c>minScore</c>, boxes as
/// [x, y, width, height] in the pixels of the image sent, as <c>autodl predict --format json</c> writes them.
/// </summary>
internal sealed class ServedDetector(ObjectDetector detector, double defaultMinScore) : ServedModel<(byte[] Pixels, Letterbox Letterbox), IReadOnlyList<Detection>>
{
    /// <summary>
    /// The lowest score a request may ask for, and so the score every batch is decoded at: COCO's evaluation floor,
    /// below which detections are noise. Suppression ranks by score, so the objects above any higher threshold are the
    /// same whether the batch kept everything above this or only those.
    /// </summary>
    public const double LowestMinScore = 0.05;

    public override PackageManifest Manifest => detector.Manifest;

    public override InferenceSettings Settings => detector.Settings;

    public override void Check(PredictParameters parameters)
    {
        if (parameters.Top is not null)
        {
            throw DoesNotApply(PredictParameters.TopName, "object detector", PredictParameters.MinScoreName);
        }
        if (parameters.MinScore < LowestMinScore)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture,
                $"minScore {parameters.MinScore} is below {LowestMinScore}, the lowest this server lists; ask for {LowestMinScore} or more."));
        }
    }

    public override (byte[] Pixels, Letterbox Letterbox) Decode(byte[] encoded) => detector.Prepare(encoded);

    public override IReadOnlyList<IReadOnlyList<Detection>> Run(IReadOnlyList<(byte[] Pixels, Letterbox Letterbox)> images) => detector.Detect(images, LowestMinScore);

    public override object Answer(IReadOnlyList<Detection> output, string? fileName, PredictParameters parameters)
    {
        double minScore = parameters.MinScore ?? defaultMinScore;
        var classes = detector.ClassNames;
        var found = output
            .Where(d => d.Score >= minScore)
            .Select(d => new DetectedObject(classes[d.Label], d.Score, d.Box.ToCocoArray()))
            .ToList();
        return new DetectionResult(fileName, found);
    }
}
