using System.Text.Json;
using AutoDL.Tasks.ImageClassification.Quality;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

public sealed class QualityReportJsonTests
{
    [Fact]
    public void Json_round_trips_a_report_with_an_infinite_imbalance_ratio()
    {
        // Given a report where a class has no training images (ratio infinity, which plain JSON cannot hold)
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data, imbalanceRatio: double.PositiveInfinity);

        // When it is written and read back
        string json = QualityReportJson.Serialize(report);
        var back = QualityReportJson.Deserialize(json);

        // Then nothing is lost: the same JSON comes out again, and the values survive
        Assert.Equal(json, QualityReportJson.Serialize(back));
        Assert.Equal(double.PositiveInfinity, back.Balance.ImbalanceRatio);
        Assert.Equal(report.Unreadable[0], back.Unreadable[0]);
        Assert.Equal(report.Duplicates[1], back.Duplicates[1]);
        Assert.Equal(report.LabelSuspects[2], back.LabelSuspects[2]);
        Assert.Equal(report.Shape, back.Shape);
        Assert.Equal(report.ClassNames, back.ClassNames);
        Assert.Equal(report.Splits[1].ClassCounts, back.Splits[1].ClassCounts);
        Assert.Equal(report.LabelModel, back.LabelModel);
    }

    [Fact]
    public void Json_follows_the_package_conventions_camel_case_and_enum_names()
    {
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data, imbalanceRatio: double.PositiveInfinity);

        using var document = JsonDocument.Parse(QualityReportJson.Serialize(report));

        var root = document.RootElement;
        Assert.Equal("Infinity", root.GetProperty("balance").GetProperty("imbalanceRatio").GetString());
        Assert.Equal("Exact", root.GetProperty("duplicates")[1].GetProperty("kind").GetString());
        Assert.Equal("Test", root.GetProperty("duplicates")[1].GetProperty("second").GetProperty("split").GetString());
        Assert.True(root.GetProperty("duplicates")[1].GetProperty("crossSplit").GetBoolean());
        Assert.Equal(QualityTestData.HostileFile, root.GetProperty("unreadable")[0].GetProperty("path").GetString());
    }

    [Fact]
    public void Reading_text_that_is_not_a_report_is_a_user_error_that_says_so()
    {
        var error = Assert.Throws<AutoDLException>(() => QualityReportJson.Deserialize("{\"source\": 5"));

        Assert.StartsWith("Not a quality report", error.Message, StringComparison.Ordinal);
    }
}
