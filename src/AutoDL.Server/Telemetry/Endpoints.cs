namespace AutoDL.Server.Telemetry;

/// <summary>The server's paths, which are also the <c>endpoint</c> label of its metrics.</summary>
internal static class Endpoints
{
    public const string Predict = "/v1/predict";
    public const string Model = "/v1/model";
    public const string Health = "/healthz";
    public const string Metrics = "/metrics";
    public const string Monitoring = "/v1/monitoring";

    /// <summary>Every path that does not exist counts as this, so a scan of random paths cannot grow the metrics without bound.</summary>
    public const string Other = "other";

    private static readonly string[] s_all = [Predict, Model, Health, Metrics, Monitoring];

    /// <summary>The label of a request path; case is ignored, as routing ignores it.</summary>
    public static string Label(string? path)
    {
        foreach (var endpoint in s_all)
        {
            if (string.Equals(path, endpoint, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint;
            }
        }
        return Other;
    }
}
