using AutoDL.Runtime;
using Spectre.Console;

namespace AutoDL.Cli;

/// <summary>
/// Runs a command body and turns what it throws into one line and an exit code: user errors never show
/// a stack trace; an internal error shows one only when AUTODL_DEBUG is set.
/// </summary>
internal static class CommandRunner
{
    public static Task<int> RunAsync(Consoles consoles, Func<int> body) => Task.FromResult(Run(consoles, body));

    public static int Run(Consoles consoles, Func<int> body)
    {
        var console = consoles.Error;
        if (OneDnnIsaCap.NoticeOnce() is { } notice)
        {
            console.MarkupLine($"[yellow]note:[/] {Markup.Escape(notice)}");
        }
        try
        {
            return body();
        }
        catch (UsageException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (AutoDLException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]interrupted[/]");
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The last line of defence: an internal error still ends with a message and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            console.MarkupLine($"[red]internal error:[/] {Markup.Escape(e.GetType().Name)}: {Markup.Escape(e.Message)}");
            if (Environment.GetEnvironmentVariable("AUTODL_DEBUG") is { Length: > 0 })
            {
                console.WriteException(e);
            }
            else
            {
                console.MarkupLine("[grey]Set AUTODL_DEBUG=1 to see the stack trace, and please report it.[/]");
            }
            return ExitCodes.Failure;
        }
    }
}
