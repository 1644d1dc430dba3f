// Checks ModelFactory.EstimateTrainingMemoryBytes against the memory training really takes: for each case
// of MemoryCase.All, a fresh child process takes three AdamW steps and reports its peak resident growth
// (a fresh process, because memory a previous case freed may stay in the allocator and hide growth).
// The "implied factor" is the ActivationMemoryFactor that would make the estimate exact for that row.
//
//   dotnet run -c Release --project bench/MemoryEstimate
//
// Writes bench/results/memory-estimate.json and .md.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench.MemoryEstimate;
using AutoDL.Models;
using AutoDL.Runtime;

const int Steps = 3;
const string Command = "dotnet run -c Release --project bench/MemoryEstimate";

if (args is ["--one", var index])
{
    TorchRuntime.Initialize();
    Console.WriteLine(TrainingSteps.PeakGrowth(MemoryCase.All[int.Parse(index, CultureInfo.InvariantCulture)], Steps).ToString(CultureInfo.InvariantCulture));
    return 0;
}

var rows = new List<Row>();
for (int i = 0; i < MemoryCase.All.Count; i++)
{
    var run = MemoryCase.All[i];
    long parameters = ModelFactory.EstimateParameters(run.Config, run.Input, MemoryCase.Classes);
    long activations = ModelFactory.EstimateActivationElements(run.Config, run.Input, MemoryCase.Classes);
    long estimate = ModelFactory.EstimateTrainingMemoryBytes(run.Config, run.Input, MemoryCase.Classes, run.BatchSize);
    long measured = MeasureInChild(i);
    double impliedFactor = (measured - (parameters * 16.0)) / (run.BatchSize * activations * 4.0);
    var row = new Row(run.Name, run.Input.ToString(), run.BatchSize, parameters, activations, estimate, measured, (double)estimate / measured, impliedFactor);
    rows.Add(row);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{row.Model,-22} {row.Input,-8} batch {row.Batch,3}: estimate {Mib(estimate),7:F0} MiB, measured {Mib(measured),7:F0} MiB, ratio {row.Ratio:F2}, implied factor {impliedFactor:F2}"));
}

var machine = new
{
    cores = Environment.ProcessorCount,
    memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30),
    os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    torchThreads = Environment.ProcessorCount,
};
Directory.CreateDirectory("bench/results");
File.WriteAllText("bench/results/memory-estimate.json", JsonSerializer.Serialize(new
{
    benchmark = "memory-estimate",
    date = DateTimeOffset.UtcNow,
    machine,
    command = Command,
    steps = Steps,
    activationMemoryFactor = ModelFactory.ActivationMemoryFactor,
    results = rows,
}, new JsonSerializerOptions { WriteIndented = true }));

var table = new StringBuilder();
table.AppendLine("| Model | Input | Batch | Parameters | Activation elements/img | Estimate MiB | Measured MiB | Estimate / measured | Implied factor |");
table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var r in rows)
{
    table.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Model} | {r.Input} | {r.Batch} | {r.Parameters:N0} | {r.ActivationElements:N0} | {Mib(r.EstimateBytes):F0} | {Mib(r.MeasuredBytes):F0} | {r.Ratio:F2} | {r.ImpliedFactor:F2} |"));
}
File.WriteAllText("bench/results/memory-estimate.md", string.Create(CultureInfo.InvariantCulture, $"""
    # Training-memory estimate against measured peak resident growth

    - **Date:** {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC
    - **Machine:** {machine.cores} logical cores, {machine.memoryGiB:F1} GiB, {machine.os}, .NET {Environment.Version}, TorchSharp CPU, `torch.set_num_threads({machine.torchThreads})`
    - **Command:** `{Command}`
    - **Workload:** {Steps} AdamW steps (random data, {MemoryCase.Classes} classes, cross-entropy), each in a dispose scope, in a fresh process per row after a warm-up step on a tiny network.
    - **Measured:** VmHWM after the steps minus VmRSS before the network is built (peak reset through /proc/self/clear_refs).
    - **Estimate:** `ModelFactory.EstimateTrainingMemoryBytes` = parameters × 16 B + batch × activation elements × 4 B × {ModelFactory.ActivationMemoryFactor}.
    - **Implied factor:** the activation factor that would make that row's estimate exact.

    {table}
    """));
Console.WriteLine("wrote bench/results/memory-estimate.json and .md");
return 0;

static double Mib(long bytes) => bytes / (double)(1 << 20);

static long MeasureInChild(int index)
{
    var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start a child from.");
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    // Under `dotnet MemoryEstimate.dll` the process is the dotnet host, which needs the assembly first.
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(MemoryCase).Assembly.Location);
    }
    start.ArgumentList.Add("--one");
    start.ArgumentList.Add(index.ToString(CultureInfo.InvariantCulture));
    using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
    string output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    if (child.ExitCode != 0)
    {
        throw new InvalidOperationException($"Case {index} failed with exit code {child.ExitCode}.");
    }
    return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
}
