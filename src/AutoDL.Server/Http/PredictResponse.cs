namespace AutoDL.Server.Http;

/// <summary>The body of a successful <c>POST /v1/predict</c>: one result per image, in the request's order.</summary>
internal sealed record PredictResponse(IReadOnlyList<ImageResult> Predictions);
