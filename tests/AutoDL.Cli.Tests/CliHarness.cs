using Spectre.Console.Testing;

namespace AutoDL.Cli.Tests;

/// <summary>Runs the autodl command line in-process against test consoles, as a person at a (non-interactive) terminal would see it.</summary>
internal static class CliHarness
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var output = new TestConsole().Width(200);
        var error = new TestConsole().Width(200);
        int exit = AutoDLCommandLine.Run(args, new Consoles(output, error));
        return (exit, output.Output, error.Output);
    }

    /// <summary>The repository root (where AutoDL.slnx is), for the samples that ship with it.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AutoDL.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("AutoDL.slnx not found above the test binaries.");
    }
}
