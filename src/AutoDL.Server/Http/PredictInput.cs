namespace AutoDL.Server.Http;

/// <summary>What a predict request asks for.</summary>
/// <param name="Images">The encoded images, at least one.</param>
/// <param name="Parameters">What it asks besides them (<c>top</c>, <c>minScore</c>), where it says.</param>
internal sealed record PredictInput(IReadOnlyList<RequestImage> Images, PredictParameters Parameters);
