using System.Globalization;
using System.Text.Json;

namespace AutoDL.Bench.LoadTest;

/// <summary>A soak's figures as lines for the console, and as bench/results/NAME.json and NAME.md: machine, date, commands, figures, verdict.</summary>
internal static class SoakReport
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Each figure of a soak and its value, in the order a reader checks them: the load, then each kind of client, then the server.</summary>
    public static IEnumerable<(string Figure, string Value)> Figures(SoakResult r)
    {
        yield return ("duration", Format($"{r.DurationSeconds:0} s"));
        yield return ("load", Format($"{r.GoodClients} well-behaved clients, {r.SlowClients} slow clients, {r.BurstSize} bad requests every {r.BurstEverySeconds:0} s ({r.Bursts} bursts), /healthz every {r.HealthProbeIntervalMs:0} ms"));
        yield return ("well-behaved requests", Format($"{r.GoodRequests:N0} ({r.GoodRequestsPerSecond:N0}/s)"));
        yield return ("well-behaved errors", Format($"{r.GoodErrors:N0} ({r.GoodServerBusy:N0} of them 503); answers {Counts(r.GoodStatusCodes)}"));
        yield return ("well-behaved latency", Latency(r.GoodLatencyMs, "ms"));
        yield return ("slow connections ended", Format($"{r.SlowAttempts:N0}: {Counts(r.SlowOutcomes)}; {r.SlowOpenAtEnd:N0} still sending at the end"));
        yield return ("slow connection held", Latency(r.SlowHeldSeconds, "s"));
        foreach (var kind in r.BadRequests)
        {
            yield return (Format($"bad request: {kind.Name} (expect {kind.ExpectedStatus})"), Format($"{kind.Sent:N0} sent: {Counts(kind.Outcomes)}{(kind.Unexpected > 0 ? $"; {kind.Unexpected:N0} unexpected" : "")}"));
        }
        yield return ("bad requests answered 5xx", Format($"{r.BadRequestServerErrors:N0}"));
        yield return ("bad requests unanswered", Format($"{r.BadRequestsUnanswered:N0}"));
        yield return ("bad request latency", Latency(r.BadRequestLatencyMs, "ms"));
        yield return ("/healthz", Format($"{r.HealthProbes:N0} probes, {r.HealthFailures:N0} not 200; {Latency(r.HealthLatencyMs, "ms")}"));
        yield return ("server RSS", r.ServerRssMaxBytes is long max
            ? Format($"largest {max / 1048576.0:N0} MiB, first {r.ServerRssSamplesMiB[0]:N0} MiB, after the run {r.ServerRssFinalBytes / 1048576.0:N0} MiB ({r.ServerRssSamplesMiB.Count:N0} samples, once a second)")
            : "not measured (no --server-pid)");
        yield return ("CPU", Format($"server {Optional(r.ServerCpuSeconds / r.DurationSeconds, "0.00")} cores, load generator {r.ClientCpuSeconds / r.DurationSeconds:0.00} cores, other processes {Optional((r.MachineCpuSeconds - r.ServerCpuSeconds - r.ClientCpuSeconds) / r.DurationSeconds, "0.00")} cores; load average {r.LoadAverageBefore} → {r.LoadAverageAfter}"));
    }

    /// <summary>Each criterion as one line: "PASS /healthz p99 &lt; 100 ms: 3.2 ms over …".</summary>
    public static IEnumerable<string> Verdict(SoakResult r) =>
        r.Criteria.Select(c => $"{c.Passed switch { true => "PASS", false => "FAIL", null => "NOT MEASURED" }} {c.Name} {c.Threshold}: {c.Measured}");

    public static void Write(string outputStem, string machine, string commands, SoakResult soak)
    {
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        File.WriteAllText(outputStem + ".json", JsonSerializer.Serialize(new { machine, date, commands, soak }, s_json));

        var md = ResultsMarkdown.Start(
            "Serving soak: well-behaved, slow and malformed clients at once",
            $"Machine: {machine}. Date: {date}.",
            "Load generator (`bench/LoadTest soak`) and server (`autodl serve`) run as separate processes on the same machine, so they share its cores.",
            "Well-behaved clients: each posts a PNG from the shipped Fashion-MNIST sample as the raw body, waits for the whole answer and posts the next (a closed loop); every request counts, from the first (no warm-up); an error is any answer but 2xx, or none.",
            "Slow clients: each announces an 8 MiB body on a raw connection and trickles it at 1 KiB every 500 ms (above Kestrel's minimum rate of 240 bytes/s), so only the server's 30-s body deadline frees the connection; then it reconnects. They start spread over the first 30 s.",
            "Bad requests: bursts of concurrent requests cycling through the kinds below, each with the status docs/serving.md documents for it.",
            "/healthz: one GET at a fixed interval on a kept-alive connection of its own. Server RSS: VmRSS from /proc/PID/status once a second.",
            "Commands:");
        md.AppendLine("```sh").AppendLine(commands.Trim()).AppendLine("```").AppendLine();
        md.AppendLine("| criterion | bound | measured | verdict |").AppendLine("|---|---|---|---|");
        foreach (var c in soak.Criteria)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} | {c.Threshold} | {c.Measured} | {c.Passed switch { true => "pass", false => "**fail**", null => "not measured" }} |");
        }
        md.AppendLine().AppendLine("| figure | value |").AppendLine("|---|---|");
        foreach (var (figure, value) in Figures(soak))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {value} |");
        }
        File.WriteAllText(outputStem + ".md", md.ToString());
    }

    private static string Counts(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => Format($"{c.Key}: {c.Value:N0}")));

    private static string Latency(Distribution? d, string unit) => d is null
        ? "none"
        : Format($"p50 {d.P50:0.0} {unit}, p95 {d.P95:0.0} {unit}, p99 {d.P99:0.0} {unit}, max {d.Max:0.0} {unit} (mean {d.Mean:0.0} {unit} over {d.Count:N0})");

    private static string Optional(double? value, string format) => value is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
