using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AutoDL.Bench.LoadTest;

/// <summary>Merges load runs into bench/results/NAME.json and NAME.md: machine, date, commands and one table.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(string outputStem, string machine, string commands, IReadOnlyList<LoadResult> runs)
    {
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        File.WriteAllText(outputStem + ".json", JsonSerializer.Serialize(new { machine, date, commands, runs }, s_json));

        var md = new StringBuilder();
        md.AppendLine("# Serving under load: dynamic micro-batching against one image per forward pass");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}. Date: {date}.");
        md.AppendLine("- Load generator (`bench/LoadTest`) and server (`autodl serve`) run as separate processes on the same machine, so they share its cores.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Each client posts a PNG from the image folder the commands below name (cycling through {runs[0].DistinctImages:N0} of them) as the raw body, waits for the whole answer, and posts the next (a closed loop); {runs[0].WarmupSeconds:0} s of warm-up are not counted.");
        md.AppendLine("- Mean batch: images per forward pass; model busy: the share of wall time spent in forward passes (both from the server's /metrics over the measured window); CPU ms per request: user + system time of each process over the window (/proc), divided by the requests answered; other processes' CPU: what the rest of the machine used over the window, in cores (anything above a few hundredths is another job competing; the load average counts the 32 clients themselves).");
        md.AppendLine("- Commands:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(commands.Trim());
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| run | clients | seconds | requests | errors | requests/s | p50 ms | p95 ms | p99 ms | mean batch | model busy | server CPU ms/request | client CPU ms/request | other processes' CPU (cores) | load avg before → after |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Clients} | {r.DurationSeconds:0.0} | {r.Requests:N0} | {r.Errors:N0} | {r.RequestsPerSecond:N0} | {r.LatencyP50Ms:0.00} | {r.LatencyP95Ms:0.00} | {r.LatencyP99Ms:0.00} | {Optional(r.MeanBatchSize, "0.0")} | {Optional(r.ModelBusySeconds / r.DurationSeconds, "0%")} | {Optional(r.ServerCpuSeconds * 1000 / r.Requests, "0.000")} | {r.ClientCpuSeconds * 1000 / r.Requests:0.000} | {Optional((r.MachineCpuSeconds - r.ServerCpuSeconds - r.ClientCpuSeconds) / r.DurationSeconds, "0.00")} | {r.LoadAverageBefore} → {r.LoadAverageAfter} |"));
        }
        md.AppendLine();
        // Runs are labelled "ENGINE, micro-batching" and "ENGINE, batch 1": compare each pair.
        foreach (var batched in runs.Where(r => Mode(r) == "micro-batching"))
        {
            if (runs.FirstOrDefault(r => Mode(r) == "batch 1" && Engine(r) == Engine(batched)) is { } single)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- {Engine(batched)}: micro-batching serves {batched.RequestsPerSecond / single.RequestsPerSecond:0.00}x the requests per second of batch-1 serving ({batched.RequestsPerSecond:N0} against {single.RequestsPerSecond:N0}); p50 {batched.LatencyP50Ms:0.00} ms against {single.LatencyP50Ms:0.00} ms."));
            }
        }
        File.WriteAllText(outputStem + ".md", md.ToString());
    }

    private static string Optional(double? value, string format) => value is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Engine(LoadResult r) => r.Label.Split(',')[0].Trim();

    private static string Mode(LoadResult r) => r.Label.Split(',').Skip(1).FirstOrDefault()?.Trim() ?? "";
}
