// ONNX Runtime against libtorch on one trained model: do they agree on a real test set, and how fast is each?
// 1. Every test image through both engines (the package's model.onnx, exported on the spot if it has none):
//    the largest probability difference, labels that differ, and each engine's test accuracy.
// 2. InferenceTuner over both engines × threads {1, cores/2, cores} × batch {1, 8, 32, 64}: latency at batch 1
//    (p50/p95) and throughput, in one process, one engine at a time.
// 3. The machine's measured float32 peak (MachinePeak) on the same thread counts, and each row's share of it:
//    how much any batching could still gain over one image per call.
//
//   dotnet run -c Release --project bench/Inference -- MODEL DATA
//
// DATA is read like `autodl fit` reads it; its test split is used. Writes bench/results/inference.json and .md.
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Bench;
using AutoDL.Bench.Inference;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Inference -- MODEL DATA");
    return 2;
}
var (modelPath, dataPath) = (args[0], args[1]);
var command = $"dotnet run -c Release --project bench/Inference -- {modelPath} {dataPath}";
var package = ModelPackage.ReadContents(modelPath);
var manifest = package.Manifest;
var imported = DataImporter.Import(dataPath, new ImportOptions { TargetShape = manifest.Input, ClassNames = manifest.ClassNames });
var test = imported.Test ?? throw new InvalidOperationException($"{dataPath} has no test split.");

var agreement = BackendComparison.Compare(package, test.Count, i => test.Image(i).ToArray());
var accuracy = new Dictionary<string, double>();
foreach (var backend in Enum.GetValues<InferenceBackend>())
{
    using var predictor = Predictor.Load(modelPath, new PredictorOptions { Backend = backend });
    accuracy[backend.ToString().ToLowerInvariant()] = predictor.Evaluate(test).Accuracy;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{agreement.Images} test images: max |Δp| {agreement.MaxProbabilityDifference:E2}, {agreement.LabelsDiffering} labels differ; accuracy torch {accuracy["torch"]:0.0000}, onnx {accuracy["onnx"]:0.0000}"));

var tuning = InferenceTuner.Tune(package, new InferenceTunerOptions(), new Progress<InferenceMeasurement>(m => Console.WriteLine(
    string.Create(CultureInfo.InvariantCulture, $"{m.Backend,-5} threads {m.Threads} batch {m.BatchSize,2}: p50 {m.P50Milliseconds:0.000} ms, p95 {m.P95Milliseconds:0.000} ms, {m.ImagesPerSecond:0} images/s"))));

var multiplyAdds = AutoDL.Models.ModelFactory.EstimateMultiplyAdds(manifest.Model, manifest.Input, manifest.ClassNames.Count);
var peaks = tuning.Measurements.Select(m => m.Threads).Distinct().Order()
    .ToDictionary(t => t, t => MachinePeak.MultiplyAddsPerSecond(t));
foreach (var (threads, peak) in peaks)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak, {threads} thread(s): {2 * peak / 1e9:0.0} GFLOP/s"));
}
double ShareOfPeak(InferenceMeasurement m) => m.ImagesPerSecond * multiplyAdds / peaks[m.Threads];

var machine = InferenceTuner.MachineDescription();
var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var results = BenchPaths.Results;
File.WriteAllText(Path.Combine(results, "inference.json"), JsonSerializer.Serialize(new
{
    machine,
    date,
    command,
    model = new { manifest.Model.Family, description = manifest.Model.Describe(), input = manifest.Input.ToString(), classes = manifest.ClassNames.Count, parameters = AutoDL.Models.ModelFactory.EstimateParameters(manifest.Model, manifest.Input, manifest.ClassNames.Count) },
    agreement,
    accuracy,
    tuning.Measurements,
    tuning.Chosen,
    multiplyAddsPerImage = multiplyAdds,
    peakMultiplyAddsPerSecond = peaks,
}, ModelPackage.JsonOptions));

var md = new StringBuilder();
md.AppendLine("# ONNX Runtime against libtorch for inference");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}, no GPU. Date: {date}.");
md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`");
md.AppendLine(CultureInfo.InvariantCulture, $"- Model: {manifest.Model.Family} ({manifest.Model.Describe()}), input {manifest.Input}, {manifest.ClassNames.Count} classes.");
md.AppendLine();
md.AppendLine("## Agreement on the test set");
md.AppendLine();
md.AppendLine("| images | max abs probability difference | labels that differ | accuracy, libtorch | accuracy, ONNX Runtime |");
md.AppendLine("|---:|---:|---:|---:|---:|");
md.AppendLine(CultureInfo.InvariantCulture, $"| {agreement.Images:N0} | {agreement.MaxProbabilityDifference:0.0e+00} | {agreement.LabelsDiffering} | {accuracy["torch"]:0.0000} | {accuracy["onnx"]:0.0000} |");
md.AppendLine();
md.AppendLine("## Latency and throughput");
md.AppendLine();
md.AppendLine("One engine at a time in one process; random images (a forward pass costs the same whatever the pixels); each row is at least 20 calls and 1 s after 3 warm-up calls. Latency is the wall time of one call.");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"GFLOP/s counts two operations per multiply-add of the convolutions and classifier ({multiplyAdds / 1e6:0.00} million per image, from the model's layout). Share of peak divides it by the machine's own float32 peak on as many threads: independent fused multiply-adds on every thread (MachinePeak.cs) ({string.Join(", ", peaks.Select(p => string.Create(CultureInfo.InvariantCulture, $"{2 * p.Value / 1e9:0.0} GFLOP/s on {p.Key} thread(s)")))}).");
md.AppendLine();
md.AppendLine("| engine | threads | batch | p50 ms | p95 ms | images/s | GFLOP/s | share of peak |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var m in tuning.Measurements)
{
    md.AppendLine(CultureInfo.InvariantCulture, $"| {m.Backend.ToString().ToLowerInvariant()} | {m.Threads} | {m.BatchSize} | {m.P50Milliseconds:0.000} | {m.P95Milliseconds:0.000} | {m.ImagesPerSecond:N0} | {2 * m.ImagesPerSecond * multiplyAdds / 1e9:0.0} | {ShareOfPeak(m):P0} |");
}
md.AppendLine();
foreach (var group in tuning.Measurements.GroupBy(m => (m.Backend, m.Threads)))
{
    var single = group.FirstOrDefault(m => m.BatchSize == 1);
    if (single is null)
    {
        continue;
    }
    var best = group.MaxBy(m => m.ImagesPerSecond)!;
    md.AppendLine(CultureInfo.InvariantCulture, $"- {group.Key.Backend.ToString().ToLowerInvariant()}, {group.Key.Threads} thread(s): one image per call runs at {ShareOfPeak(single):P0} of peak, so no batching can serve more than {1 / ShareOfPeak(single):0.00}x its images per second; the best batch measured gives {best.ImagesPerSecond / single.ImagesPerSecond:0.00}x (batch {best.BatchSize}).");
}
md.AppendLine();
var c = tuning.Chosen;
md.AppendLine(CultureInfo.InvariantCulture, $"`autodl optimize` would choose: {c.Backend.ToString().ToLowerInvariant()} on {c.Threads} thread(s), batches of up to {c.MaxBatchSize} formed within {c.MaxBatchWaitMilliseconds} ms.");
File.WriteAllText(Path.Combine(results, "inference.md"), md.ToString());
Console.WriteLine($"wrote {Path.Combine(results, "inference.md")}");
return 0;
