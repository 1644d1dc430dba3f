using AutoDL.Data;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>
/// Progress of `autodl inspect` as plain lines on the error console, so stdout holds only the summary. Import
/// steps are reported per tenth of each stage (per file would flood a log); the analysis reports each step.
/// Synchronous and locked: the importer reports from parallel workers, and Progress&lt;T&gt; would post lines
/// to the thread pool, where they could print after the summary.
/// </summary>
internal sealed class InspectProgress : IProgress<ImportProgress>, IProgress<string>
{
    private readonly IAnsiConsole _console;
    private readonly Lock _gate = new();
    private string? _stage;
    private int _decile = -1;

    public InspectProgress(IAnsiConsole console) => _console = console;

    public void Report(ImportProgress value)
    {
        lock (_gate)
        {
            if (value.Stage == "done")
            {
                return;
            }
            int decile = value.Total > 0 ? value.Done * 10 / value.Total : 0;
            if (value.Stage == _stage && decile == _decile)
            {
                return;
            }
            (_stage, _decile) = (value.Stage, decile);
            _console.MarkupLine($"[grey]{Markup.Escape(value.Stage)} {Format.Count(value.Done)}/{Format.Count(value.Total)}[/]");
        }
    }

    public void Report(string value)
    {
        lock (_gate)
        {
            _console.MarkupLine($"[grey]{Markup.Escape(value)}[/]");
        }
    }
}
