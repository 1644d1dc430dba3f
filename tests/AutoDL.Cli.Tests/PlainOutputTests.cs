using System.Diagnostics;

namespace AutoDL.Cli.Tests;

/// <summary>What lands in a file, a pipe or a CI log when the CLI's streams are not a terminal.</summary>
public sealed class PlainOutputTests
{
    [Fact]
    public async Task Given_a_redirected_error_stream_then_a_long_message_stays_on_one_line()
    {
        // A process of its own: only then are its streams really redirected, as in a pipe or a CI log.
        var cli = Path.Combine(AppContext.BaseDirectory, "AutoDL.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "predict", "/nonexistent/model.adlpk", "image.png" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await output);
        // On a machine that needs the oneDNN cap a note comes first; the error is its own line either way.
        var line = Assert.Single(error.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Equal("error: The model package '/nonexistent/model.adlpk' does not exist. Pass the model.adlpk that `autodl fit` wrote.", line.TrimEnd('\r'));
    }
}
