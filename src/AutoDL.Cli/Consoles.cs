using Spectre.Console;

namespace AutoDL.Cli;

/// <summary>Where output goes: results to <paramref name="Out"/>, errors and warnings to <paramref name="Error"/> (so pipes get clean data).</summary>
internal sealed record Consoles(IAnsiConsole Out, IAnsiConsole Error);
