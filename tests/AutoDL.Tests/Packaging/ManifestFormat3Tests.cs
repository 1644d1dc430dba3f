using System.IO.Compression;
using System.Text.Json.Nodes;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Search;
using AutoDL.Tasks.ImageClassification.Evaluation;
using AutoDL.Training;

namespace AutoDL.Tests.Packaging;

/// <summary>What a format-3 manifest says to a reader that does not know AutoDL's tasks, and what it refuses.</summary>
public sealed class ManifestFormat3Tests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-manifest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static PackageManifest Manifest() => new()
    {
        Task = "image-classification",
        ClassNames = ["cat", "dog"],
        Input = new AutoDL.Data.ImageShape(3, 32, 32),
        Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", [0.5f, 0.4f, 0.3f], [0.2f, 0.2f, 0.2f]),
        Model = new PlainCnnConfig(1, 8),
        Training = new TrainingConfig(),
        Metrics = PackageMetrics.Of(0.75, ClassificationReport.Compute([0, 1, 1, 0], [0, 1, 0, 0], ["cat", "dog"])) with { FinalValidationScore = 0.8 },
    };

    private JsonNode WriteAndReadJson(PackageManifest manifest)
    {
        var path = Path.Combine(_folder, "model.adlpk");
        ModelPackage.Write(path, manifest, [1, 2, 3]);
        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!;
    }

    [Fact]
    public void A_written_manifest_names_its_schema_its_preprocessing_steps_and_each_metric_with_its_direction()
    {
        var json = WriteAndReadJson(Manifest());

        Assert.Equal(3, json["formatVersion"]!.GetValue<int>());
        Assert.Equal("image", json["schema"]!["inputKind"]!.GetValue<string>());
        Assert.Equal("class-probabilities", json["schema"]!["outputKind"]!.GetValue<string>());
        Assert.Equal(["decode", "resize", "scale", "normalize"], json["preprocessingSteps"]!.AsArray().Select(s => s!["op"]!.GetValue<string>()));
        Assert.Equal(0.3, json["preprocessingSteps"]![3]!["mean"]![2]!.GetValue<double>(), 6);
        var values = json["metrics"]!["values"]!;
        Assert.Equal(0.75, values["validation.accuracy"]!["value"]!.GetValue<double>());
        Assert.Equal("Maximize", values["validation.accuracy"]!["direction"]!.GetValue<string>());
        Assert.Equal(0.8, values["final_validation.accuracy"]!["value"]!.GetValue<double>());
        Assert.Equal(0.75, values["test.accuracy"]!["value"]!.GetValue<double>());
        Assert.True(json.AsObject().ContainsKey("calibration") && json["calibration"] is null);
        Assert.True(json.AsObject().ContainsKey("monitoring") && json["monitoring"] is null);
    }

    [Fact]
    public void A_metric_that_is_better_low_is_written_so()
    {
        var manifest = Manifest() with { Metrics = new PackageMetrics(0.12, null) { Metric = "error_rate", Direction = MetricDirection.Minimize } };

        var values = WriteAndReadJson(manifest)["metrics"]!["values"]!;

        Assert.Equal("Minimize", values["validation.error_rate"]!["direction"]!.GetValue<string>());
    }

    [Fact]
    public void A_calibration_and_a_monitoring_section_are_kept_when_read()
    {
        var path = Path.Combine(_folder, "model.adlpk");
        var figures = new AutoDL.Evaluation.Calibration.CalibrationFigures(0.05, 0.3, [new(0, 1, 10, 0.8, 0.7)]);
        var calibration = new AutoDL.Evaluation.Calibration.ConfidenceCalibration(1.3, figures, figures with { ExpectedCalibrationError = 0.02 });
        var monitoring = System.Text.Json.JsonDocument.Parse("""{"components":4}""").RootElement;
        ModelPackage.Write(path, Manifest() with { Calibration = calibration, Monitoring = monitoring }, [1, 2, 3]);

        var read = ModelPackage.ReadContents(path).Manifest;

        Assert.Equal(1.3, read.Calibration!.Temperature);
        Assert.Equal("temperature", read.Calibration.Method);
        Assert.Equal(0.02, read.Calibration.After.ExpectedCalibrationError);
        Assert.Equal(10, Assert.Single(read.Calibration.Before.Bins).Count);
        Assert.Equal(4, read.Monitoring!.Value.GetProperty("components").GetInt32());
    }

    [Theory]
    [InlineData("tabular-regression", "table", "values", "'tabular-regression' model")]
    [InlineData("semantic-segmentation", "image", "class-masks", "gives 'class-masks'")]
    [InlineData("image-classification", "image", "boxes", "gives 'boxes'")]
    [InlineData("object-detection", "image", "boxes", "gives 'boxes'")]
    public void A_package_of_a_task_or_schema_this_version_cannot_run_is_refused_in_one_line(string task, string input, string output, string expected)
    {
        var path = Path.Combine(_folder, "model.adlpk");
        ModelPackage.Write(path, Manifest() with { Task = task, Schema = new ModelSchema(input, output) }, [1, 2, 3]);

        var error = Assert.Throws<AutoDLException>(() => ModelPackage.ReadContents(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
