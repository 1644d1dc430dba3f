using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AutoDL.Cli.Rendering;
using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary>
/// <c>autodl monitor MODEL DATA</c>: drift monitoring offline, as <c>serve</c> does it live: the images of DATA, in name
/// order, go through the model as a stream, and every window of predictions is tested against the package's reference.
/// </summary>
internal static class MonitorCommand
{
    private const int ChunkSize = 256;

    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "An image classifier's package (model.adlpk) written by `autodl fit`." };
        var data = new Argument<string>("DATA") { Description = "A folder of images (searched recursively, taken in name order) or one image." };
        var window = new Option<int>("--window") { Description = "Predictions in a tested window.", DefaultValueFactory = _ => 200 };
        var stride = new Option<int>("--stride") { Description = "Predictions between tests.", DefaultValueFactory = _ => 50 };
        var format = new Option<string>("--format") { Description = "table or json (one object per tested window).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("monitor", "Test a folder of images, as a stream, for drift from the data the model was trained on.") { model, data, window, stride, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            int size = parse.GetValue(window) is int w and >= 10 ? w : throw new UsageException("--window must be at least 10.");
            int step = parse.GetValue(stride) is int s and >= 1 ? s : throw new UsageException("--stride must be at least 1.");
            var path = parse.GetValue(model)!;
            var package = ModelPackage.ReadContents(path);
            PackageTasks.EnsureClassProbabilities(package);
            var reference = DriftReference.From(package.Manifest.Monitoring)
                ?? throw new AutoDLException($"'{path}' has no drift reference: only image classifiers fitted by this version of AutoDL have one. Fit the model again to monitor it.");
            var files = PredictCommand.ExpandInputs([parse.GetValue(data)!]);
            using var predictor = Predictor.Load(package);
            var monitor = new DriftMonitor(reference, size, step);
            var tested = new List<DriftStatus>();
            foreach (var chunk in files.Chunk(ChunkSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var images = new List<byte[]>();
                foreach (var file in chunk)
                {
                    try
                    {
                        images.Add(predictor.LoadImage(file));
                    }
                    catch (AutoDLException e)
                    {
                        consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(e.Message)}");
                    }
                }
                foreach (var prediction in predictor.PredictPixels(images, 1))
                {
                    var before = monitor.Status.Tests;
                    var status = monitor.Add(prediction.Observation!);
                    if (!ReferenceEquals(before, status.Tests))
                    {
                        tested.Add(status);
                    }
                }
            }
            Write(consoles.Out, parse.GetValue(format)!, tested, monitor.Status);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(IAnsiConsole console, string format, List<DriftStatus> tested, DriftStatus last)
    {
        if (format == "json")
        {
            foreach (var status in tested)
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(status, ModelPackage.JsonOptions));
            }
            return;
        }
        var table = new Table().Border(TableBorder.Simple).AddColumns("predictions", "drift", "alert", "smallest p-value");
        foreach (var status in tested)
        {
            var smallest = status.Tests.MinBy(t => t.PValue)!;
            table.AddRow(status.Observed.ToString("N0", CultureInfo.InvariantCulture), status.Drift ? "[red]yes[/]" : "no", status.Alert ? "[red]ALERT[/]" : "", Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{smallest.PValue:0.####} ({smallest.Name})")));
        }
        console.Write(table);
        int drifting = tested.Count(s => s.Drift);
        var firstAlert = tested.FirstOrDefault(s => s.Alert);
        console.MarkupLine(tested.Count == 0
            ? $"Fewer than {last.Window} images: no window to test ({Format.Count((int)last.Observed)} seen)."
            : $"{Format.Count(tested.Count)} windows of {last.Window} tested, {Format.Count(drifting)} drifted; " + (firstAlert is null ? "no alert." : $"[red]alert from prediction {Format.Count((int)firstAlert.Observed)}[/] ({DriftMonitor.WindowsToAlert} drifting windows in a row)."));
    }
}
