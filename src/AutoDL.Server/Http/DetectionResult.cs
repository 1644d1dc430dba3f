namespace AutoDL.Server.Http;

/// <summary>What a detector found in one image of a request.</summary>
/// <param name="File">The file name of a multipart file field; absent for raw and JSON requests.</param>
/// <param name="Detections">The objects, best first; empty when none scored the request's minimum.</param>
internal sealed record DetectionResult(string? File, IReadOnlyList<DetectedObject> Detections);
