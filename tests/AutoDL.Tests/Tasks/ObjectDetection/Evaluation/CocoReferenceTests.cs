using System.Text.Json;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// The evaluator against an independent implementation of COCOeval (bench/DetectionEval/coco_reference.py, numpy)
/// on seeded random cases with crowds, ties, boundary IoUs and sizes, and more than 100 detections in an image. The
/// fixture's "produced_by" holds the command that wrote it.
/// </summary>
public sealed class CocoReferenceTests
{
    private const double Tolerance = 1e-12;

    private static readonly string[] Figures =
        ["map", "map50", "map75", "map_small", "map_medium", "map_large", "mar1", "mar10", "mar100", "mar_small", "mar_medium", "mar_large"];

    private static readonly Lazy<JsonDocument> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryPaths.Root(), "tests", "AutoDL.Tests", "Tasks", "ObjectDetection", "Evaluation", "coco-reference-cases.json"))));

    public static TheoryData<string> Cases()
    {
        var names = new TheoryData<string>();
        foreach (var item in Fixture.Value.RootElement.GetProperty("cases").EnumerateArray())
        {
            names.Add(item.GetProperty("name").GetString()!);
        }
        return names;
    }

    [Fact]
    public void The_fixture_holds_twenty_cases_among_them_one_over_100_detections_and_one_with_crowds()
    {
        var cases = Fixture.Value.RootElement.GetProperty("cases").EnumerateArray().Select(Read).ToList();

        Assert.Equal(20, cases.Count);
        Assert.Contains(cases, c => c.Images.Any(i => i.Detections.GroupBy(d => d.Label).Any(g => g.Count() > 100)));
        Assert.Contains(cases, c => c.Images.Any(i => i.Truth.Any(t => t.Ignored)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_a_reference_case_then_every_figure_matches_the_reference(string name)
    {
        var item = Fixture.Value.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var (classes, images) = Read(item);
        var expected = item.GetProperty("expected");

        var report = CocoEvaluator.Evaluate(images, classes);

        var scores = report.Scores();
        foreach (var figure in Figures)
        {
            AssertClose(Expected(expected.GetProperty(figure)), scores.TryGetValue(figure, out var value) ? value : null, $"{name} {figure}");
        }
        var perClass = expected.GetProperty("per_class").EnumerateArray().ToList();
        Assert.Equal(perClass.Count, report.PerClass.Count);
        for (int k = 0; k < perClass.Count; k++)
        {
            AssertClose(Expected(perClass[k].GetProperty("ap")), report.PerClass[k].AveragePrecision, $"{name} class {k} ap");
            AssertClose(Expected(perClass[k].GetProperty("ap50")), report.PerClass[k].AveragePrecision50, $"{name} class {k} ap50");
            AssertClose(Expected(perClass[k].GetProperty("ap75")), report.PerClass[k].AveragePrecision75, $"{name} class {k} ap75");
        }
    }

    private static double? Expected(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private static void AssertClose(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected?.ToString("R") ?? "null"}, got {actual?.ToString("R") ?? "null"}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= Tolerance, $"{what}: expected {e:R}, got {a:R} (difference {Math.Abs(e - a):R})");
        }
    }

    // Rows as the script writes them: truth [x, y, w, h, label, crowd, area or null], detection [x, y, w, h, label, score].
    private static (string[] Classes, EvaluatedImage[] Images) Read(JsonElement item)
    {
        var classes = item.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var images = item.GetProperty("images").EnumerateArray().Select(image => new EvaluatedImage(
            image.GetProperty("truth").EnumerateArray().Select(row => new ObjectAnnotation(Box(row), row[4].GetInt32())
            {
                Ignored = row[5].GetBoolean(),
                Area = row[6].ValueKind == JsonValueKind.Null ? null : row[6].GetDouble(),
            }).ToList(),
            image.GetProperty("detections").EnumerateArray().Select(row => new Detection(Box(row), row[4].GetInt32(), row[5].GetDouble())).ToList())).ToArray();
        return (classes, images);
    }

    private static BoundingBox Box(JsonElement row) => new(row[0].GetDouble(), row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble());
}
