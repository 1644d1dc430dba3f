using System.Text.Json.Serialization;

namespace AutoDL.Server.Http;

/// <summary>The body of <c>GET /healthz</c>.</summary>
/// <param name="Status">"ok" while the server can predict; "unhealthy" (with a 503) once its batcher has stopped.</param>
internal sealed record HealthBody(string Status)
{
    /// <summary>Why the server is unhealthy; absent when it is not.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
