using AutoDL.Cli;
using Spectre.Console;

var consoles = new Consoles(
    AnsiConsole.Console,
    AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));
return AutoDLCommandLine.Run(args, consoles);
