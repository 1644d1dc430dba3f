using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Quality;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

public sealed class QualityFindingsTests
{
    [Fact]
    public void Leakage_and_unreadable_files_are_errors_while_imbalance_small_classes_and_suspects_are_warnings()
    {
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data, imbalanceRatio: 12);

        var findings = QualityFindings.Of(report).ToDictionary(f => f.Check);

        Assert.Equal(FindingSeverity.Error, findings["unreadable files"].Severity);
        Assert.Equal(1, findings["unreadable files"].Count);
        Assert.Equal(FindingSeverity.Error, findings["leakage between splits"].Severity);
        Assert.Equal(1, findings["leakage between splits"].Count);
        Assert.Equal(FindingSeverity.Warning, findings["duplicates"].Severity);
        Assert.Equal(FindingSeverity.Warning, findings["class balance"].Severity);
        Assert.Contains("ratio 12:1", findings["class balance"].Summary, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Warning, findings["small classes"].Severity);
        Assert.Equal(FindingSeverity.Warning, findings["label suspects"].Severity);
        Assert.Equal(3, findings["label suspects"].Count);
        Assert.Equal(FindingSeverity.Warning, findings["outliers"].Severity);
        Assert.Equal(FindingSeverity.Warning, findings["odd image sizes"].Severity);
    }

    [Fact]
    public void The_suspects_finding_counts_only_what_exclude_suspects_would_leave_out()
    {
        // Three suspects whose given label gets 0.05 (under 1/15 for three classes), one estimated error in all.
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data);
        var doubtful = report with { LabelSuspects = [.. report.LabelSuspects.Select(s => s with { GivenProbability = 0.5 })] };

        string ruledOut = QualityFindings.Of(report).Single(f => f.Check == "label suspects").Summary;
        string keptAll = QualityFindings.Of(doubtful).Single(f => f.Check == "label suspects").Summary;

        Assert.Contains("3 training image(s) whose label a cross-validated model doubts", ruledOut, StringComparison.Ordinal);
        Assert.Contains("rules out the label of 1 of them, which `fit --exclude-suspects` leaves out", ruledOut, StringComparison.Ordinal);
        Assert.Contains("rules out the label of 0 of them", keptAll, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_data_is_ok_on_every_check_and_a_skipped_label_check_is_information()
    {
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data) with
        {
            Unreadable = [],
            OddImages = [],
            Duplicates = [],
            Balance = new ClassBalance([50, 50, 50], 1, [0, 1, 2], [], false),
            LabelSuspects = [],
            Outliers = [],
            LabelModel = null,
            LabelModelSkipped = "not asked for",
        };

        var findings = QualityFindings.Of(report);

        Assert.All(findings.Where(f => f.Check is not ("label suspects" or "outliers" or "mirroring")), f => Assert.Equal(FindingSeverity.Ok, f.Severity));
        Assert.All(findings.Where(f => f.Check is "label suspects" or "outliers"), f =>
        {
            Assert.Equal(FindingSeverity.Info, f.Severity);
            Assert.Equal("not checked: not asked for", f.Summary);
        });
    }

    [Theory]
    [InlineData(0.84, "fit may flip images left to right when it searches")]
    [InlineData(0.59, "so fit never flips them")]
    public void The_mirror_score_says_whether_fit_may_flip(double score, string expected)
    {
        var report = QualityTestData.Report(QualityTestData.Imported()) with { MirrorScore = score };

        var mirroring = QualityFindings.Of(report).Single(f => f.Check == "mirroring");

        Assert.Equal(FindingSeverity.Info, mirroring.Severity);
        Assert.Contains(expected, mirroring.Summary, StringComparison.Ordinal);
    }
}
