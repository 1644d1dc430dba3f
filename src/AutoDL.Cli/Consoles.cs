using Spectre.Console;

namespace AutoDL.Cli;

/// <summary>Where output goes: results to <paramref name="Out"/>, errors and warnings to <paramref name="Error"/> (so pipes get clean data).</summary>
internal sealed record Consoles(IAnsiConsole Out, IAnsiConsole Error)
{
    // Spectre.Console assumes 80 columns where a stream is not a terminal and breaks every longer line there, mid-sentence,
    // in files, pipes and CI logs. Tables size to their content, so a wide limit only stops the breaking.
    private const int PlainWidth = 4096;

    /// <summary>The process's standard output and error; either one that is redirected is never wrapped.</summary>
    public static Consoles ForThisProcess()
    {
        var output = AnsiConsole.Console;
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = PlainWidth;
        }
        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = PlainWidth;
        }
        return new Consoles(output, error);
    }
}
