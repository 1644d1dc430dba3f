namespace AutoDL.Server.Http;

/// <summary>
/// The body of a successful <c>POST /v1/predict</c>: one result per image, in the request's order (an
/// <see cref="ImageResult"/> from a classifier, a <see cref="DetectionResult"/> from a detector, a
/// <see cref="SegmentationResult"/> from a segmentation network).
/// </summary>
internal sealed record PredictResponse(IReadOnlyList<object> Predictions);
