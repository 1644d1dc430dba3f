using System.Globalization;
using AutoDL.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>Prints each measurement of `autodl optimize` as it is taken, on the calling thread, so that a slow run shows it is alive.</summary>
internal sealed class MeasurementReporter(IAnsiConsole console) : IProgress<InferenceMeasurement>
{
    public void Report(InferenceMeasurement value) => console.MarkupLine(Markup.Escape(Describe(value)));

    private static string Describe(InferenceMeasurement m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Backend.ToString().ToLowerInvariant(),-5} threads {m.Threads,2} batch {m.BatchSize,3}: p50 {m.P50Milliseconds:0.00} ms, p95 {m.P95Milliseconds:0.00} ms, {m.ImagesPerSecond:0} images/s");
}
