using System.Globalization;
using System.Text.Json;
using AutoDL.Bench.LoadTest;

// Load generator for `autodl serve`, run as its own process:
//   LoadTest run URL IMAGE_DIR [--clients 32] [--duration 60] [--warmup 5] [--label NAME] [--json FILE] [--server-pid PID] [--get]
//   LoadTest report OUTPUT_STEM MACHINE COMMANDS_FILE RUN.json...
if (args.Length >= 1 && args[0] == "report" && args.Length >= 5)
{
    var runs = args[4..].Select(path => JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
    Report.Write(args[1], args[2], File.ReadAllText(args[3]), runs);
    Console.WriteLine(File.ReadAllText(args[1] + ".md"));
    return 0;
}
if (args.Length < 3 || args[0] != "run")
{
    Console.Error.WriteLine("usage: LoadTest run URL IMAGE_DIR [--clients 32] [--duration 60] [--warmup 5] [--label NAME] [--json FILE] [--server-pid PID] [--get]");
    Console.Error.WriteLine("       LoadTest report OUTPUT_STEM MACHINE COMMANDS_FILE RUN.json...");
    return 2;
}
string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var options = new LoadOptions(
    Url: args[1],
    Images: args[2],
    // 32 clients by default: the concurrency the serving acceptance asks for, and the default largest batch.
    Clients: int.Parse(Option("--clients", "32"), CultureInfo.InvariantCulture),
    Duration: TimeSpan.FromSeconds(double.Parse(Option("--duration", "60"), CultureInfo.InvariantCulture)),
    Warmup: TimeSpan.FromSeconds(double.Parse(Option("--warmup", "5"), CultureInfo.InvariantCulture)),
    Label: Option("--label", "run"),
    Output: Option("--json", ""),
    Get: args.Contains("--get"),
    ServerPid: Option("--server-pid", "") is { Length: > 0 } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
var result = await LoadGenerator.RunAsync(options, Console.Error);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{result.Label}: {result.Requests:N0} requests, {result.Errors:N0} errors, {result.RequestsPerSecond:N0} req/s, p50 {result.LatencyP50Ms:0.00} ms, p95 {result.LatencyP95Ms:0.00} ms, p99 {result.LatencyP99Ms:0.00} ms, mean batch {result.MeanBatchSize:0.0}"));
if (options.Output is { Length: > 0 } output)
{
    File.WriteAllText(output, JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
}
return result.Errors == 0 ? 0 : 1;
