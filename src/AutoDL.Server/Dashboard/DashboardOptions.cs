namespace AutoDL.Server.Dashboard;

/// <summary>Where the fit dashboard listens and how often it looks at the fit's folder.</summary>
public sealed record DashboardOptions
{
    /// <summary>Address to listen on; loopback by default, since the page shows file paths and data set details.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8081;

    /// <summary>How often the folder is checked for new events: a fit reports at most a few a second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a quiet event stream waits before a comment line keeps proxies from closing it.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
