using System.Globalization;
using System.Net;
using System.Text;
using AutoDL.Events;
using AutoDL.Search;

namespace AutoDL.Evaluation.Report;

/// <summary>
/// The run report as HTML: one self-contained page (inline CSS, charts as inline SVG drawn by ScottPlot, no script) that
/// opens from disk. <see cref="Body"/> is the part the dashboard refreshes as events arrive. Every string from the data
/// is escaped, and the page's Content-Security-Policy allows nothing to load or run.
/// </summary>
internal static class RunReportHtml
{
    /// <summary>Leaderboard rows shown; the leaderboard files hold every trial.</summary>
    public const int MaxRows = 200;

    /// <summary>
    /// Watts drawn per busy core in the energy estimate: server and laptop cores draw about 5 to 15 W each at full load
    /// (a package's TDP over its cores); the machines this runs on expose no power counters to measure it.
    /// </summary>
    public const double WattsPerBusyCore = 10;

    /// <summary>Watts per GiB of memory held, CodeCarbon's figure for RAM.</summary>
    public const double WattsPerGiB = 0.375;

    /// <summary>The page's styles, shared with the dashboard.</summary>
    public const string Css = ReportPage.BaseCss + """
        body{max-width:1100px}table.matrix td{text-align:right;font-variant-numeric:tabular-nums;min-width:28px}
        .note{color:#555}.chart svg{max-width:100%;height:auto}ul.events{padding-left:20px}.wrap{max-width:230px;overflow-wrap:anywhere}.why{min-width:150px}.state-complete{color:#2e7d32}.state-pruned{color:#b26a00}.state-fail{color:#c62828}
        """;

    /// <summary>The whole page.</summary>
    public static string Page(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{ReportPage.ContentSecurityPolicy}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>AutoDL.NET run report: {E(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(report.Directory))))}</title>
            <style>{Css}</style></head>
            <body><main id="report">{Body(report)}</main></body></html>
            """;
    }

    /// <summary>The report's content, without the page around it.</summary>
    public static string Body(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        Summary(html, report);
        Data(html, report);
        Leaderboard(html, report);
        Search(html, report);
        Importance(html, report);
        FinalModel(html, report);
        Cost(html, report);
        return html.ToString();
    }

    private static void Summary(StringBuilder html, RunReport report)
    {
        var manifest = report.Manifest;
        html.Append(CultureInfo.InvariantCulture, $"<h1>AutoDL.NET run report</h1><dl class=\"meta\">");
        Meta(html, "output folder", Path.GetFullPath(report.Directory));
        Meta(html, "status", report.Finished ? "finished" : "running (or stopped before the end)");
        Meta(html, "started", report.Events[0].Time.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Meta(html, "wall time", Seconds(report.ElapsedSeconds));
        if (manifest is not null)
        {
            Meta(html, "task", manifest.Task);
            Meta(html, manifest.Metrics.FinalValidationScore is null ? "best model so far" : "model", $"{manifest.Model.Family} ({manifest.Model.Describe()}), trial {manifest.SearchTrial}");
            Meta(html, "classes", manifest.ClassNames.Count <= 30 ? string.Join(", ", manifest.ClassNames) : $"{manifest.ClassNames.Count}");
            Meta(html, $"validation {Label(manifest.Metrics.Metric)}", F(manifest.Metrics.FinalValidationScore ?? manifest.Metrics.ValidationScore));
        }
        if (report.UnreadableEvents > 0)
        {
            Meta(html, "events left out", $"{report.UnreadableEvents} (written by a newer AutoDL, or cut off)");
        }
        html.Append("</dl>");
    }

    private static void Data(StringBuilder html, RunReport report)
    {
        html.Append("<h2 id=\"data\">Data</h2>");
        if (report.Last<DataSummarized>() is { } data)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{data.Train:N0} training, {data.Validation:N0} validation and {data.Test:N0} test examples; {data.Skipped:N0} files could not be used.</p>");
        }
        var notes = report.Events.Where(e => e.Event is ExamplesLeftOut or ClassesImbalanced or MirrorJudged or LabelCheckSkipped or StudyResumed).ToList();
        List(html, notes.Select(e => e.Event.Describe()), "Nothing was left out, and the data raised no concern.");
    }

    private static void Leaderboard(StringBuilder html, RunReport report)
    {
        html.Append("<h2 id=\"leaderboard\">Leaderboard</h2>");
        if (report.Leaderboard is not { Rows.Count: > 0 } board)
        {
            html.Append("<p class=\"note\">No trial has ended yet.</p>");
            return;
        }
        html.Append(CultureInfo.InvariantCulture, $"<table><tr><th class=\"num\">rank</th><th class=\"num\">trial</th><th>state</th><th>family</th><th class=\"num\">validation {E(Label(board.Metric))}</th><th class=\"num\">epochs</th><th class=\"num\">seconds</th><th class=\"num\">parameters</th><th>hyperparameters</th><th>note</th></tr>");
        foreach (var row in board.Rows.Take(MaxRows))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{row.Rank}</td><td class=\"num\">{row.Trial}</td><td class=\"state-{E(row.State.ToLowerInvariant())}\">{E(row.State)}</td><td>{E(row.Family)}</td><td class=\"num\">{F(row.ValidationMetric)}</td><td class=\"num\">{row.Epochs}</td><td class=\"num\">{row.TrainSeconds:0}</td><td class=\"num\">{row.Parameters:N0}</td><td class=\"wrap\">{E(row.Hyperparameters)}</td><td class=\"why\">{E(row.Note ?? "")}</td></tr>");
        }
        html.Append("</table>");
        if (board.Rows.Count > MaxRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{board.Rows.Count - MaxRows} more trials in leaderboard.csv.</p>");
        }
    }

    private static void Search(StringBuilder html, RunReport report)
    {
        html.Append("<h2 id=\"search\">The search over time</h2>");
        // Every validation, of running trials too: the curve moves while a long trial trains.
        var validated = report.Of<EpochEnded>().Where(e => double.IsFinite(e.Event.ValidationScore)).Select(e => (e.Line.ElapsedSeconds, e.Event.ValidationScore)).ToList();
        string metric = report.Leaderboard?.Metric ?? report.Last<EpochEnded>()?.Metric ?? "metric";
        bool maximize = report.Leaderboard?.Direction != MetricDirection.Minimize;
        if (validated.Count == 0)
        {
            html.Append("<p class=\"note\">No trial has finished an epoch yet.</p>");
            return;
        }
        Chart(html, RunReportCharts.SearchOverTime(validated, metric, maximize));
        var curves = report.Of<EpochEnded>().GroupBy(e => e.Event.Trial).Select(g => (g.Key, (IReadOnlyList<double>)[.. g.OrderBy(e => e.Event.Epoch).Select(e => e.Event.ValidationScore)])).ToList();
        html.Append("<h3>Learning curves</h3>");
        Chart(html, RunReportCharts.LearningCurves(curves, metric));
        if (curves.Count > RunReportCharts.MaxCurves)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">The first {RunReportCharts.MaxCurves} of {curves.Count} trials.</p>");
        }
        var stopped = report.Of<TrialEnded>().Where(e => e.Event.State is TrialState.Pruned or TrialState.Fail).ToList();
        html.Append("<h3>Pruned and failed trials</h3>");
        if (stopped.Count == 0)
        {
            html.Append("<p class=\"note\">None.</p>");
            return;
        }
        html.Append("<table><tr><th class=\"num\">trial</th><th>state</th><th class=\"num\">epochs</th><th>why</th></tr>");
        foreach (var (_, e) in stopped)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{e.Trial}</td><td class=\"state-{(e.State == TrialState.Fail ? "fail" : "pruned")}\">{e.State}</td><td class=\"num\">{e.Epochs}</td><td>{E(e.Note ?? "")}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Importance(StringBuilder html, RunReport report)
    {
        html.Append("<h2 id=\"importance\">Which hyperparameters mattered</h2>");
        var shares = ParameterImportance.Estimate(report.Trials);
        if (shares.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Too few completed trials with different results to tell (at least {ParameterImportance.FewestTrials} are needed).</p>");
            return;
        }
        Chart(html, RunReportCharts.Importance(shares));
        html.Append("<p class=\"note\">η², the share of the variance of the completed trials' validation values explained by grouping them by each parameter alone: a rough estimate that overstates every share when trials are few, and cannot see parameters that matter only together.</p>");
    }

    private static void FinalModel(StringBuilder html, RunReport report)
    {
        html.Append("<h2 id=\"model\">The final model</h2>");
        var decisions = report.Events.Where(e => e.Event is EnsembleWeighed or TestTimeFlipWeighed or ConfidenceCalibrated or FinalModelEvaluating or OnnxExportSkipped).ToList();
        List(html, decisions.Select(e => e.Event.Describe()), "Not chosen yet.");
        if (report.Last<TestEvaluated>() is not { } test)
        {
            html.Append("<p class=\"note\">No test figures (not evaluated yet, or the data had no test split).</p>");
            return;
        }
        html.Append(CultureInfo.InvariantCulture, $"<h3>On the test split ({test.Count:N0} examples)</h3><table>");
        foreach (var (name, value) in test.Scores)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(Label(name))}</th><td class=\"num\">{F(value)}</td></tr>");
        }
        html.Append("</table>");
        if (test.Details is not { } details)
        {
            return;
        }
        foreach (var table in details.Tables)
        {
            Table(html, table);
        }
        if (details.Confusion is { } matrix)
        {
            Matrix(html, matrix);
        }
        if (details.Confidence is { } confidence)
        {
            html.Append("<h3>Reliability</h3>");
            Chart(html, RunReportCharts.Reliability(confidence, details.Uncalibrated));
            html.Append(CultureInfo.InvariantCulture, $"<p>Expected calibration error (15 bins) {F(confidence.ExpectedCalibrationError)}, negative log-likelihood {F(confidence.NegativeLogLikelihood)}");
            if (details.Temperature is { } t && details.Uncalibrated is { } u)
            {
                html.Append(CultureInfo.InvariantCulture, $"; without the temperature of {t:0.000} fitted on the validation split: {F(u.ExpectedCalibrationError)} and {F(u.NegativeLogLikelihood)}");
            }
            html.Append(".</p>");
        }
    }

    private static void Cost(StringBuilder html, RunReport report)
    {
        html.Append("<h2 id=\"cost\">What the run cost</h2>");
        if (report.Last<FitFinished>() is not { } cost)
        {
            html.Append("<p class=\"note\">Measured when the fit ends.</p>");
            return;
        }
        double gib = cost.PeakMemoryBytes / (1024.0 * 1024 * 1024);
        double watts = cost.WallSeconds > 0 ? cost.CpuSeconds / cost.WallSeconds * WattsPerBusyCore + gib * WattsPerGiB : 0;
        double kwh = watts * cost.WallSeconds / 3_600_000;
        html.Append("<dl class=\"meta\">");
        Meta(html, "wall time", Seconds(cost.WallSeconds));
        Meta(html, "CPU time", string.Create(CultureInfo.InvariantCulture, $"{cost.CpuSeconds / 3600:0.000} CPU-hours ({cost.CpuSeconds / Math.Max(cost.WallSeconds, 1e-9):0.0} of {cost.Cores} cores busy on average)"));
        Meta(html, "peak memory", string.Create(CultureInfo.InvariantCulture, $"{gib:0.00} GiB"));
        Meta(html, "energy (estimate)", string.Create(CultureInfo.InvariantCulture, $"{kwh * 1000:0.0} Wh"));
        html.Append("</dl>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Energy is estimated, not measured: busy cores (CPU time over wall time) × {WattsPerBusyCore:0} W, plus {WattsPerGiB} W per GiB of peak memory (CodeCarbon's figure for RAM), over the wall time. Peak memory is the process's largest resident set.</p>");
    }

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>{E(table.Title)}</h3><table><tr><th></th>");
        foreach (var column in table.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"num\">{E(column.Name)}</th>");
        }
        html.Append("</tr>");
        foreach (var row in table.Rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(row.Label)}</th>");
            for (int i = 0; i < table.Columns.Count; i++)
            {
                double? value = i < row.Values.Count ? row.Values[i] : null;
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{(table.Columns[i].IsCount && value is double n ? n.ToString("N0", CultureInfo.InvariantCulture) : F(value))}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    /// <summary>The matrix as a table shaded by each cell's share of its row, so that rows of any size read alike.</summary>
    private static void Matrix(StringBuilder html, LabelledMatrix matrix)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Confusion matrix ({E(matrix.Title)}: true class by row, predicted by column)</h3><table class=\"matrix\"><tr><th></th>");
        foreach (var label in matrix.Labels)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(label)}</th>");
        }
        html.Append("</tr>");
        for (int r = 0; r < matrix.Counts.Count; r++)
        {
            long total = Math.Max(1, matrix.Counts[r].Sum());
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(matrix.Labels[r])}</th>");
            for (int c = 0; c < matrix.Counts[r].Count; c++)
            {
                long n = matrix.Counts[r][c];
                double share = (double)n / total;
                string colour = r == c ? "46,125,50" : "198,40,40";
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"background:rgba({colour},{share * 0.8:0.###})\">{n:N0}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }

    private static void List(StringBuilder html, IEnumerable<string> lines, string empty)
    {
        var items = lines.ToList();
        if (items.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(empty)}</p>");
            return;
        }
        html.Append("<ul class=\"events\">");
        foreach (var item in items)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(item)}</li>");
        }
        html.Append("</ul>");
    }

    private static void Chart(StringBuilder html, string svg) => html.Append("<div class=\"chart\">").Append(svg).Append("</div>");

    private static void Meta(StringBuilder html, string name, string value) => html.Append(CultureInfo.InvariantCulture, $"<dt>{E(name)}</dt><dd>{E(value)}</dd>");

    private static string Seconds(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";

    private static string Label(string metric) => metric.Replace('_', ' ');

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
