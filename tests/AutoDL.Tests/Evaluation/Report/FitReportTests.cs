using System.Net;
using System.Text.RegularExpressions;
using AutoDL.Evaluation.Report;
using AutoDL.Events;
using AutoDL.Tests.Data;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Evaluation.Report;

public sealed partial class FitReportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Given_a_finished_run_then_the_report_shows_every_section_with_its_charts_and_escapes_the_data()
    {
        RunFolders.Write(_temp.Path);

        var html = File.ReadAllText(FitReport.Write(_temp.Path));

        foreach (var heading in new[] { "Data", "Leaderboard", "The search over time", "Which hyperparameters mattered", "The final model", "What the run cost" })
        {
            Assert.Contains($">{heading}</h2>", html, StringComparison.Ordinal);
        }
        // Search over time, learning curves, importance and the reliability diagram.
        Assert.Equal(4, Svg().Matches(html).Count);
        Assert.Contains("finished", html, StringComparison.Ordinal);
        Assert.Contains("0.8500", html, StringComparison.Ordinal);
        Assert.Contains("without the temperature of 1.400", html, StringComparison.Ordinal);
        Assert.Contains("Energy is estimated, not measured", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(RunFolders.HostileClass), html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(RunFolders.HostileNote), html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_fit_still_running_then_the_report_says_so_and_leaves_out_what_comes_at_the_end()
    {
        RunFolders.Write(_temp.Path, finished: false);

        var html = File.ReadAllText(FitReport.Write(_temp.Path, _temp.Combine("elsewhere.html")));

        Assert.Contains("running (or stopped before the end)", html, StringComparison.Ordinal);
        Assert.Contains("No test figures", html, StringComparison.Ordinal);
        Assert.Contains("Measured when the fit ends", html, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine(FitReport.FileName)));
    }

    [Fact]
    public void Given_events_a_newer_autodl_wrote_then_they_are_counted_and_the_rest_is_reported()
    {
        RunFolders.Write(_temp.Path);
        File.Delete(_temp.Combine(AutoDL.Search.Storage.SqliteStudyStore.FileName));
        File.AppendAllText(_temp.Combine(FitEventLog.FileName), """{"time":"2026-12-06T00:00:00Z","event":{"type":"from_the_future"}}""" + "\n");

        var html = File.ReadAllText(FitReport.Write(_temp.Path));

        Assert.Contains("<dt>events left out</dt><dd>1 (written by a newer AutoDL, or cut off)</dd>", html, StringComparison.Ordinal);
        // Without the study the leaderboard and importance have no trials, but the events still draw the search.
        Assert.Contains("No trial has ended yet", html, StringComparison.Ordinal);
        Assert.Contains("Too few completed trials", html, StringComparison.Ordinal);
        Assert.Equal(3, Svg().Matches(html).Count);
    }

    [Fact]
    public void Given_a_folder_without_a_fit_then_the_error_names_it_in_one_line()
    {
        var error = Assert.Throws<AutoDLException>(() => FitReport.Write(_temp.Path));

        Assert.Contains(_temp.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("output folder of `autodl fit`", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [GeneratedRegex("<svg[ >]")]
    private static partial Regex Svg();
}
