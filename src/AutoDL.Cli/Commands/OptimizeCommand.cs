using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoDL.Cli.Rendering;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl optimize MODEL</c>: measure backends × threads × batch sizes on this machine and store the fastest settings in the package.</summary>
internal static class OptimizeCommand
{
    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var measureTime = new Option<string>("--measure-time") { Description = "Wall time to time each configuration (after a warm-up).", DefaultValueFactory = _ => "1s" };
        var json = new Option<string?>("--json") { Description = "Also write every measurement and the choice as JSON to this file." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Measure and show, but leave the package unchanged." };
        var command = new Command("optimize", "Find the fastest way to run a model on this machine (engine, threads, batch size) and store it in the package; `autodl serve` and `predict` use it.") { model, measureTime, json, dryRun };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            var path = parse.GetValue(model)!;
            var options = new InferenceTunerOptions { TimePerMeasurement = DurationParser.Parse(parse.GetValue(measureTime)!, "--measure-time") };
            var package = ModelPackage.ReadContents(path);
            // The package keeps the export, so a server starts without exporting again.
            package = package with { Onnx = package.Onnx ?? OnnxExporter.Export(package) };
            consoles.Error.MarkupLine($"[grey]measuring on {Markup.Escape(InferenceTuner.MachineDescription())}…[/]");
            var tuning = InferenceTuner.Tune(package, options, new MeasurementReporter(consoles.Error), cancellationToken);

            consoles.Out.Write(Table(tuning));
            var chosen = tuning.Chosen;
            consoles.Out.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Chosen: {chosen.Backend.ToString().ToLowerInvariant()} on {chosen.Threads} thread(s), batches of up to {chosen.MaxBatchSize} formed within {chosen.MaxBatchWaitMilliseconds} ms.")));
            if (parse.GetValue(json) is { } jsonPath)
            {
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { machine = chosen.MeasuredOn, tuning.Measurements, tuning.Chosen }, ModelPackage.JsonOptions));
            }
            if (!parse.GetValue(dryRun))
            {
                ModelPackage.Write(path, package.Manifest with { Inference = chosen }, package.Weights, package.Onnx, package.EnsembleWeights);
                consoles.Out.MarkupLine($"Saved in [bold]{Markup.Escape(path)}[/]; `autodl serve` and `autodl predict` use it unless told otherwise.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Table Table(InferenceTuning tuning)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("backend", "threads", "batch", "p50 ms", "p95 ms", "images/s");
        foreach (var m in tuning.Measurements)
        {
            bool chosen = m.Backend == tuning.Chosen.Backend && m.Threads == tuning.Chosen.Threads && m.BatchSize is 1;
            table.AddRow(
                chosen ? $"[bold]{m.Backend.ToString().ToLowerInvariant()}[/]" : m.Backend.ToString().ToLowerInvariant(),
                m.Threads.ToString(CultureInfo.InvariantCulture),
                m.BatchSize.ToString(CultureInfo.InvariantCulture),
                m.P50Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                m.P95Milliseconds.ToString("0.00", CultureInfo.InvariantCulture),
                Format.Count((long)m.ImagesPerSecond));
        }
        return table;
    }
}
