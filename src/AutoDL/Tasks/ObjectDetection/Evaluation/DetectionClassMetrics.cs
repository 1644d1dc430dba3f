using System.Text.Json.Serialization;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>How well one class was detected, over objects of every size and the best 100 detections per image.</summary>
/// <param name="Name">Class name.</param>
/// <param name="AveragePrecision">AP averaged over the IoU thresholds 0.50 to 0.95; null when no object of the class counts (none, or only ignored ones).</param>
/// <param name="AveragePrecision50">AP at IoU 0.50 (Pascal VOC's threshold, with COCO's 101-point interpolation); null as above.</param>
/// <param name="AveragePrecision75">AP at IoU 0.75; null as above.</param>
/// <param name="GroundTruths">Objects of the class that count: those not marked <c>Ignored</c>.</param>
/// <param name="Detections">Detections of the class, all of them, before the best 100 per image are kept.</param>
public sealed record DetectionClassMetrics(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ap")] double? AveragePrecision,
    [property: JsonPropertyName("ap50")] double? AveragePrecision50,
    [property: JsonPropertyName("ap75")] double? AveragePrecision75,
    [property: JsonPropertyName("ground_truths")] int GroundTruths,
    [property: JsonPropertyName("detections")] int Detections);
