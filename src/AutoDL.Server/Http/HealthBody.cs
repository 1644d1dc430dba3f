namespace AutoDL.Server.Http;

/// <summary>The body of <c>GET /healthz</c>.</summary>
/// <param name="Status">Always "ok": a server that answers at all can serve.</param>
internal sealed record HealthBody(string Status);
