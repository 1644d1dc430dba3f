using AutoDL.Evaluation.Report;

namespace AutoDL.Server.Dashboard;

/// <summary>
/// The dashboard's page: the run report's body and styles, and a small script that replaces the body with each drawing
/// the server pushes (server-sent events), so a trial that ends appears without a reload. The script is served from the
/// page's own origin; the policy allows nothing else to load or run.
/// </summary>
internal static class DashboardPage
{
    public const string ScriptPath = "/dashboard.js";

    public const string EventsPath = "/v1/events";

    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src data:; style-src 'unsafe-inline'";

    /// <summary>The script: follow the event stream and show each drawing; EventSource reconnects by itself.</summary>
    public const string Script = """
        "use strict";
        const report = document.getElementById("report");
        const live = document.getElementById("live");
        const stream = new EventSource("/v1/events");
        stream.addEventListener("report", (message) => {
          const snapshot = JSON.parse(message.data);
          report.innerHTML = snapshot.html;
          live.textContent = snapshot.finished ? "the fit has ended" : `live: ${snapshot.events} events`;
        });
        stream.addEventListener("error", () => { live.textContent = "reconnecting…"; });
        """;

    private const string LiveCss = "#live{position:fixed;top:8px;right:16px;background:#f6f6f6;border-radius:3px;padding:2px 8px;font-size:12px;color:#555}";

    public static string Html(string body) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>AutoDL.NET fit dashboard</title>
        <style>{RunReportHtml.Css}{LiveCss}</style></head>
        <body><div id="live">connecting…</div><main id="report">{body}</main><script src="{ScriptPath}"></script></body></html>
        """;
}
