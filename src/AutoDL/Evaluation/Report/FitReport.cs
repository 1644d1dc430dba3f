using System.Text;
using AutoDL.Internal;

namespace AutoDL.Evaluation.Report;

/// <summary>
/// The HTML report of a fit (<c>OUTPUT/report.html</c>): the data and what was left out, the leaderboard, the search
/// over time with each trial's learning curve, which hyperparameters mattered, the final model's test figures with its
/// reliability diagram, and what the run cost. Fit writes it when it ends; <see cref="Write"/> writes it at any moment
/// from the folder's events, while a fit runs too.
/// </summary>
public static class FitReport
{
    /// <summary>The report's file name in the output folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes the report of the fit in <paramref name="outputDirectory"/> to <paramref name="path"/> (default: report.html there); returns the path.</summary>
    /// <exception cref="AutoDLException">The folder holds no events of a fit, or the report cannot be written.</exception>
    public static string Write(string outputDirectory, string? path = null)
    {
        var page = RunReportHtml.Page(RunReport.Read(outputDirectory));
        path ??= Path.Combine(outputDirectory, FileName);
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(page)));
        return path;
    }
}
