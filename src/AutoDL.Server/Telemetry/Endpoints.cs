namespace AutoDL.Server.Telemetry;

/// <summary>The server's paths, which are also the <c>endpoint</c> label of its metrics.</summary>
internal static class Endpoints
{
    public const string Predict = "/v1/predict";
    public const string Model = "/v1/model";
    public const string Health = "/healthz";
    public const string Metrics = "/metrics";

    /// <summary>Every path that does not exist counts as this, so a scan of random paths cannot grow the metrics without bound.</summary>
    public const string Other = "other";

    /// <summary>The label of a request path.</summary>
    public static string Label(string? path) => path switch
    {
        Predict => Predict,
        Model => Model,
        Health => Health,
        Metrics => Metrics,
        _ => Other,
    };
}
