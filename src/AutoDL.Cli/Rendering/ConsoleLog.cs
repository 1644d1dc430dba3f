using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>
/// The server's log on the error console, one line per entry, as every other command reports: an internal error
/// shows its type and message, and its stack trace only when AUTODL_DEBUG is set.
/// </summary>
internal sealed class ConsoleLog(IAnsiConsole console, LogLevel minimum) : ILoggerProvider, ILogger
{
    // Kestrel's threads log concurrently; a console is one stream of lines.
    private readonly Lock _gate = new();
    private readonly bool _debug = Environment.GetEnvironmentVariable("AUTODL_DEBUG") is { Length: > 0 };

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var (label, colour) = logLevel switch
        {
            >= LogLevel.Error => ("error", "red"),
            LogLevel.Warning => ("warning", "yellow"),
            _ => ("info", "grey"),
        };
        var line = formatter(state, exception);
        if (exception is not null)
        {
            line += $" ({exception.GetType().Name}: {exception.Message})";
        }
        var time = DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            console.MarkupLine($"[grey]{time}[/] [{colour}]{label}:[/] {Markup.Escape(line)}");
            if (exception is not null && _debug)
            {
                console.WriteException(exception);
            }
        }
    }

    public void Dispose()
    {
    }
}
