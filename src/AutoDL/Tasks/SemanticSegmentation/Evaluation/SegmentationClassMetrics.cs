using System.Text.Json.Serialization;

namespace AutoDL.Tasks.SemanticSegmentation.Evaluation;

/// <summary>How well one class's pixels were found.</summary>
/// <param name="Name">Class name.</param>
/// <param name="IoU">Pixels both true and predicted of the class over pixels either is; null when neither has any (the class is then left out of the mean).</param>
/// <param name="TruePixels">Scored pixels whose truth is the class.</param>
/// <param name="PredictedPixels">Scored pixels predicted as the class.</param>
public sealed record SegmentationClassMetrics(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("iou")] double? IoU,
    [property: JsonPropertyName("true_pixels")] long TruePixels,
    [property: JsonPropertyName("predicted_pixels")] long PredictedPixels);
