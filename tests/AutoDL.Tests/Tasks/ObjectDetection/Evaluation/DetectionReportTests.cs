using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection.Evaluation;

namespace AutoDL.Tests.Tasks.ObjectDetection.Evaluation;

/// <summary>What a detection report says to a reader that does not know the task: its scores, its JSON, a package's metrics.</summary>
public sealed class DetectionReportTests
{
    private static readonly string[] Figures =
        ["map", "map50", "map75", "map_small", "map_medium", "map_large", "mar1", "mar10", "mar100", "mar_small", "mar_medium", "mar_large"];

    // One medium object found exactly, one large object missed: every figure but the small ones is defined.
    private static DetectionReport Report() => CocoEvaluator.Evaluate(
        [new([new(new(0, 0, 40, 40), 0), new(new(100, 100, 100, 100), 1)], [new(new(0, 0, 40, 40), 0, 0.9)])],
        ["cat", "dog"]);

    [Fact]
    public void Given_a_report_then_its_scores_are_the_defined_figures_under_their_snake_case_names()
    {
        var scores = Report().Scores();

        Assert.Equal(Figures.Where(f => !f.EndsWith("_small", StringComparison.Ordinal)).Order(StringComparer.Ordinal), scores.Keys.Order(StringComparer.Ordinal));
        // cat AP 1⁻ (one TP), dog AP 0 (missed): mAP ½.
        Assert.Equal(0.5, scores["map"], 12);
    }

    [Fact]
    public void Given_a_report_written_as_the_package_writes_it_then_the_figures_are_at_the_top_level_under_the_names_of_its_scores()
    {
        var report = Report();

        var json = JsonNode.Parse(JsonSerializer.Serialize(report, ModelPackage.JsonOptions))!.AsObject();

        foreach (var figure in Figures)
        {
            Assert.True(json.ContainsKey(figure), $"no '{figure}' in {json}");
        }
        foreach (var (name, value) in report.Scores())
        {
            Assert.Equal(value, json[name]!.GetValue<double>());
        }
        Assert.Null(json["map_small"]);
        Assert.Equal(1, json["count"]!.GetValue<int>());
        var dog = json["per_class"]![1]!;
        Assert.Equal("dog", dog["name"]!.GetValue<string>());
        Assert.Equal(0.0, dog["ap"]!.GetValue<double>());
        Assert.Equal(1, dog["ground_truths"]!.GetValue<int>());
        Assert.Equal(0, dog["detections"]!.GetValue<int>());
    }

    [Fact]
    public void Given_a_report_then_a_package_stores_it_and_names_its_figures_for_comparison()
    {
        var metrics = PackageMetrics.Of(0.4, Report()) with { Metric = "map50" };

        Assert.Equal(0.5, metrics.Values["test.map"].Value, 12);
        Assert.False(metrics.Values.ContainsKey("test.map_small"));
        Assert.Equal(JsonValueKind.Null, metrics.Test!.Value.GetProperty("map_small").ValueKind);
    }

    [Fact]
    public void Given_no_object_at_all_then_the_written_report_holds_nulls_not_numbers()
    {
        var report = CocoEvaluator.Evaluate([new([], [])], ["cat"]);

        var json = JsonNode.Parse(JsonSerializer.Serialize(report, ModelPackage.JsonOptions))!.AsObject();

        Assert.All(Figures, f => Assert.True(json.ContainsKey(f) && json[f] is null, f));
        Assert.Null(json["per_class"]![0]!["ap"]);
    }

    [Fact]
    public void Its_details_for_the_run_report_are_one_row_per_class_with_its_average_precisions_and_counts()
    {
        var report = Report();

        var table = Assert.Single(report.Details().Tables);

        Assert.Equal(["AP", "AP50", "AP75", "objects", "detections"], table.Columns.Select(c => c.Name));
        Assert.Equal(report.PerClass.Select(c => c.Name), table.Rows.Select(r => r.Label));
        Assert.Equal(report.PerClass[0].AveragePrecision, table.Rows[0].Values[0]);
        Assert.Equal(report.PerClass[0].GroundTruths, table.Rows[0].Values[3]);
        Assert.Null(report.Details().Confusion);
        Assert.Null(report.Details().Confidence);
    }
}
