using System.Text.Json.Serialization;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Report;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// How well a detector did on a labelled set: COCO's twelve box figures (what pycocotools' <c>COCOeval.summarize</c>
/// prints for <c>iouType='bbox'</c>) and the average precision of each class. See <see cref="CocoEvaluator"/>.
/// </summary>
/// <remarks>
/// A figure is null when nothing it averages over is defined: no class has an object that counts in its size range
/// (a set without small objects has no <see cref="MapSmall"/>; a set with no objects, or only ignored ones, has none
/// at all). pycocotools prints -1 there; null is used instead because -1 reads as a score to anything that compares
/// or averages figures, and NaN cannot be written as JSON. <see cref="Scores"/> leaves null figures out.
/// </remarks>
/// <param name="Count">Images evaluated.</param>
/// <param name="Map">AP averaged over IoU 0.50 to 0.95 and the classes: COCO's headline mAP (all sizes, 100 detections per image).</param>
/// <param name="Map50">AP at IoU 0.50, averaged over the classes.</param>
/// <param name="Map75">AP at IoU 0.75, averaged over the classes.</param>
/// <param name="MapSmall">mAP over objects of at most 32² pixels.</param>
/// <param name="MapMedium">mAP over objects of 32² to 96² pixels.</param>
/// <param name="MapLarge">mAP over objects of at least 96² pixels.</param>
/// <param name="Mar1">Recall with the best detection per image and class, averaged over IoU 0.50 to 0.95 and the classes.</param>
/// <param name="Mar10">The same with the best 10 detections.</param>
/// <param name="Mar100">The same with the best 100 detections.</param>
/// <param name="MarSmall">Average recall over small objects, 100 detections.</param>
/// <param name="MarMedium">Average recall over medium objects, 100 detections.</param>
/// <param name="MarLarge">Average recall over large objects, 100 detections.</param>
/// <param name="PerClass">Each class's figures, in class order.</param>
public sealed record DetectionReport(
    int Count,
    [property: JsonPropertyName("map")] double? Map,
    [property: JsonPropertyName("map50")] double? Map50,
    [property: JsonPropertyName("map75")] double? Map75,
    [property: JsonPropertyName("map_small")] double? MapSmall,
    [property: JsonPropertyName("map_medium")] double? MapMedium,
    [property: JsonPropertyName("map_large")] double? MapLarge,
    [property: JsonPropertyName("mar1")] double? Mar1,
    [property: JsonPropertyName("mar10")] double? Mar10,
    [property: JsonPropertyName("mar100")] double? Mar100,
    [property: JsonPropertyName("mar_small")] double? MarSmall,
    [property: JsonPropertyName("mar_medium")] double? MarMedium,
    [property: JsonPropertyName("mar_large")] double? MarLarge,
    [property: JsonPropertyName("per_class")] IReadOnlyList<DetectionClassMetrics> PerClass) : EvaluationReport(Count)
{
    /// <summary>The twelve figures under the names the JSON form uses ("map", "map50", "map_small", "mar100", ...); those that are null are left out.</summary>
    public override IReadOnlyDictionary<string, double> Scores()
    {
        (string Name, double? Value)[] figures =
        [
            ("map", Map), ("map50", Map50), ("map75", Map75), ("map_small", MapSmall), ("map_medium", MapMedium), ("map_large", MapLarge),
            ("mar1", Mar1), ("mar10", Mar10), ("mar100", Mar100), ("mar_small", MarSmall), ("mar_medium", MarMedium), ("mar_large", MarLarge),
        ];
        return figures.Where(f => f.Value.HasValue).ToDictionary(f => f.Name, f => f.Value!.Value, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public override ReportDetails Details() => new(
    [
        new ReportTable(
            "Average precision per class",
            [new("AP"), new("AP50"), new("AP75"), new("objects", IsCount: true), new("detections", IsCount: true)],
            [.. PerClass.Select(c => new ReportRow(c.Name, [c.AveragePrecision, c.AveragePrecision50, c.AveragePrecision75, c.GroundTruths, c.Detections]))]),
    ]);
}
