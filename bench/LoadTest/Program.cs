using System.Globalization;
using System.Text.Json;
using AutoDL.Bench.LoadTest;

// Load generator for `autodl serve`, run as its own process:
//   LoadTest run URL IMAGE_DIR [--clients 32] [--duration 60] [--warmup 5] [--label NAME] [--json FILE] [--server-pid PID] [--get]
//   LoadTest report OUTPUT_STEM MACHINE COMMANDS_FILE RUN.json...
//   LoadTest soak URL IMAGE_DIR [--good 32] [--slow 200] [--duration 600] [--burst-every 10] [--burst-size 20] [--server-pid PID] [--json FILE] [--label NAME]
//   LoadTest soak-report OUTPUT_STEM MACHINE COMMANDS_FILE SOAK.json
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
if (args.Length >= 1 && args[0] == "report" && args.Length >= 5)
{
    var runs = args[4..].Select(path => JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(path), json)!).ToList();
    Report.Write(args[1], args[2], File.ReadAllText(args[3]), runs);
    Console.WriteLine(File.ReadAllText(args[1] + ".md"));
    return 0;
}
if (args.Length == 5 && args[0] == "soak-report")
{
    SoakReport.Write(args[1], args[2], File.ReadAllText(args[3]), JsonSerializer.Deserialize<SoakResult>(File.ReadAllText(args[4]), json)!);
    Console.WriteLine(File.ReadAllText(args[1] + ".md"));
    return 0;
}
if (args.Length < 3 || args[0] is not ("run" or "soak"))
{
    Console.Error.WriteLine("usage: LoadTest run URL IMAGE_DIR [--clients 32] [--duration 60] [--warmup 5] [--label NAME] [--json FILE] [--server-pid PID] [--get]");
    Console.Error.WriteLine("       LoadTest report OUTPUT_STEM MACHINE COMMANDS_FILE RUN.json...");
    Console.Error.WriteLine("       LoadTest soak URL IMAGE_DIR [--good 32] [--slow 200] [--duration 600] [--burst-every 10] [--burst-size 20] [--server-pid PID] [--json FILE] [--label NAME]");
    Console.Error.WriteLine("       LoadTest soak-report OUTPUT_STEM MACHINE COMMANDS_FILE SOAK.json");
    return 2;
}
string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
TimeSpan SecondsOption(string name, double fallback) => TimeSpan.FromSeconds(double.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture));
int? serverPid = Option("--server-pid", "") is { Length: > 0 } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null;

if (args[0] == "soak")
{
    var soakOptions = new SoakOptions(
        Url: args[1],
        Images: args[2],
        // Issue 20's acceptance: 32 well-behaved clients, 200 slow ones and bursts of bad requests for 10 minutes.
        GoodClients: IntOption("--good", 32),
        SlowClients: IntOption("--slow", 200),
        Duration: SecondsOption("--duration", 600),
        BurstEvery: SecondsOption("--burst-every", 10),
        BurstSize: IntOption("--burst-size", 20),
        Label: Option("--label", "soak"),
        Output: Option("--json", ""),
        ServerPid: serverPid);
    var soak = await SoakRunner.RunAsync(soakOptions, Console.Error);
    foreach (var (figure, value) in SoakReport.Figures(soak))
    {
        Console.WriteLine($"{figure}: {value}");
    }
    foreach (var line in SoakReport.Verdict(soak))
    {
        Console.WriteLine(line);
    }
    if (soakOptions.Output is { Length: > 0 } soakOutput)
    {
        File.WriteAllText(soakOutput, JsonSerializer.Serialize(soak, json));
    }
    // The verdict is in the report, criterion by criterion; a failed criterion is a finding, not a failed run.
    return 0;
}

var options = new LoadOptions(
    Url: args[1],
    Images: args[2],
    // 32 clients by default: the concurrency the serving acceptance asks for, and the default largest batch.
    Clients: IntOption("--clients", 32),
    Duration: SecondsOption("--duration", 60),
    Warmup: SecondsOption("--warmup", 5),
    Label: Option("--label", "run"),
    Output: Option("--json", ""),
    Get: args.Contains("--get"),
    ServerPid: serverPid);
var result = await LoadGenerator.RunAsync(options, Console.Error);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{result.Label}: {result.Requests:N0} requests, {result.Errors:N0} errors, {result.RequestsPerSecond:N0} req/s, p50 {result.LatencyP50Ms:0.00} ms, p95 {result.LatencyP95Ms:0.00} ms, p99 {result.LatencyP99Ms:0.00} ms, mean batch {result.MeanBatchSize:0.0}"));
if (options.Output is { Length: > 0 } output)
{
    File.WriteAllText(output, JsonSerializer.Serialize(result, json));
}
return result.Errors == 0 ? 0 : 1;
