namespace AutoDL.Evaluation.Report;

/// <summary>What AutoDL's self-contained HTML pages (the data-quality report, the run report) share: their policy and house style.</summary>
public static class ReportPage
{
    /// <summary>
    /// The pages allow nothing to load or run: no network, no files, no script; only their own styles and data-URI
    /// images. A name crafted into markup could do nothing even if escaping failed.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    /// <summary>Type, headings, the key–value list of a header, and tables with numbers aligned right.</summary>
    public const string BaseCss = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1d1d1f;background:#fff}
        h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
        dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}dl.meta dt{color:#555}dl.meta dd{margin:0;overflow-wrap:anywhere}
        table{border-collapse:collapse;margin:6px 0}th,td{border-bottom:1px solid #e4e4e4;padding:4px 8px;text-align:left;vertical-align:middle}th{background:#f6f6f6;font-weight:600}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        """;
}
