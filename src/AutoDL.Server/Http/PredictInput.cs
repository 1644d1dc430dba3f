namespace AutoDL.Server.Http;

/// <summary>What a predict request asks for.</summary>
/// <param name="Images">The encoded images, at least one.</param>
/// <param name="Top">How many classes to list per image, when the request says.</param>
internal sealed record PredictInput(IReadOnlyList<RequestImage> Images, int? Top);
