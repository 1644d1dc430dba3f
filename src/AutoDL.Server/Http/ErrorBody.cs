namespace AutoDL.Server.Http;

/// <summary>The body of every 4xx and 5xx answer.</summary>
/// <param name="Error">What is wrong and what to do about it.</param>
internal sealed record ErrorBody(string Error);
