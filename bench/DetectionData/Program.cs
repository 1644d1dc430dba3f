using System.Diagnostics;
using AutoDL.Bench.DetectionData;

// A synthetic object-detection data set for benchmarking a detector trained from scratch on a laptop CPU: five shape
// classes among distractor shapes on cluttered backgrounds, the test split drawn in styles training never shows.
// bench/datasets/README.md describes the set; GeneratorOptions the arguments.
try
{
    if (args.Any(a => a is "-h" or "--help"))
    {
        Console.WriteLine(GeneratorOptions.Usage);
        return 0;
    }
    var options = GeneratorOptions.Parse(args);
    var targets = LayoutTarget.For(options);
    if (OutputFolder.Prepare(options) is { } earlier)
    {
        Console.WriteLine($"'{options.Output}' already holds this data set ({earlier.Generator}, {earlier.Arguments}); nothing to do. --force regenerates it.");
        earlier.Print(Console.Out);
        return 0;
    }
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    var clock = Stopwatch.StartNew();
    var splits = DatasetBuilder.Build(options, targets, cancel.Token);
    var summary = DatasetSummary.Of(options, splits, clock.Elapsed);
    if (options.DrawBoxes)
    {
        BoxPreview.Write(Path.Combine(options.Output, OutputFolder.PreviewFolder), targets[0], splits);
    }
    // Written last: its presence says the set is complete (see OutputFolder).
    summary.Write(options.Output);
    Console.WriteLine($"Wrote {string.Join(", ", targets.Select(t => $"{t.Layout.Name} to {t.Root}"))}.");
    summary.Print(Console.Out);
    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Interrupted: the output folder is incomplete; run again with --force.");
    return 130;
}
