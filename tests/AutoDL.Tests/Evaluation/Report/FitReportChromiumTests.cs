using AutoDL.Evaluation.Report;
using AutoDL.Tests.Data;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Evaluation.Report;

/// <summary>The run report in Debian's headless chromium; fails (never skips) without it, since CI installs it.</summary>
public sealed class FitReportChromiumTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_run_report_renders_in_headless_chromium_with_no_console_errors_or_blocked_loads()
    {
        RunFolders.Write(_temp.Path);
        var page = FitReport.Write(_temp.Path);

        var run = HeadlessChromium.Run(page, "--dump-dom");

        Assert.True(run.ExitCode == 0, $"chromium exited with {run.ExitCode}: {run.Command}\n{run.Error}");
        Assert.Contains("<h1>AutoDL.NET run report</h1>", run.Output, StringComparison.Ordinal);
        Assert.Contains(">What the run cost</h2>", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", run.Output, StringComparison.OrdinalIgnoreCase);
        var problems = HeadlessChromium.Problems(run.Error);
        Assert.True(problems.Count == 0, $"chromium reported problems with the page:\n{string.Join('\n', problems)}\n(command: {run.Command})");
    }
}
