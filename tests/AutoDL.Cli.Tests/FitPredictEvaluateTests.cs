using System.Text.Json;

namespace AutoDL.Cli.Tests;

/// <summary>The whole path a user walks, on the sample that ships with the repository.</summary>
[Collection(CliCollection.Name)]
public sealed class FitPredictEvaluateTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("autodl-e2e-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void Fit_then_predict_evaluate_and_leaderboard_work_on_the_shipped_sample()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");

        var fit = CliHarness.Run("fit", sample, "--time-limit", "25s", "--max-trials", "2", "--output", _output, "--seed", "1");

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Out);
        Assert.True(File.Exists(Path.Combine(_output, "model.adlpk")));
        Assert.True(File.Exists(Path.Combine(_output, "leaderboard.csv")));
        Assert.True(File.Exists(Path.Combine(_output, "leaderboard.json")));
        Assert.Contains("Test accuracy", fit.Out, StringComparison.Ordinal);
        Assert.Contains($"Report: {Path.Combine(_output, "report.html")}", fit.Out, StringComparison.Ordinal);

        var model = Path.Combine(_output, "model.adlpk");
        var predict = CliHarness.Run("predict", model, Path.Combine(sample, "Trouser"), "--format", "json", "--top-k", "3");
        Assert.True(predict.ExitCode == 0, predict.Error);
        using var predictions = JsonDocument.Parse(predict.Out);
        Assert.Equal(100, predictions.RootElement.GetArrayLength());
        Assert.All(predictions.RootElement.EnumerateArray(), p => Assert.Equal(3, p.GetProperty("top").GetArrayLength()));

        var metrics = Path.Combine(_output, "metrics.json");
        var evaluate = CliHarness.Run("evaluate", model, sample, "--output", metrics);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(metrics));
        Assert.Equal(1000, report.RootElement.GetProperty("count").GetInt32());
        Assert.InRange(report.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
        // The sample's 90 validation images calibrate the model: evaluation gives the figures with and without it.
        Assert.True(report.RootElement.GetProperty("temperature").GetDouble() > 0);
        Assert.InRange(report.RootElement.GetProperty("confidence").GetProperty("expectedCalibrationError").GetDouble(), 0, 1);
        Assert.Equal(15, report.RootElement.GetProperty("uncalibrated").GetProperty("bins").GetArrayLength());
        Assert.Contains("expected calibration error", evaluate.Out, StringComparison.Ordinal);

        var again = Path.Combine(_output, "again.html");
        var page = CliHarness.Run("report", _output, "--output", again);
        Assert.True(page.ExitCode == 0, page.Error);
        Assert.Contains("Which hyperparameters mattered", File.ReadAllText(again), StringComparison.Ordinal);
        var missing = CliHarness.Run("report", Path.Combine(_output, "nothing-here"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("holds no events of a fit", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Error, StringComparison.Ordinal);

        // The sample's images in name order come class by class: the predicted classes drift from the validation split's mix.
        var monitor = CliHarness.Run("monitor", model, sample);
        Assert.True(monitor.ExitCode == 0, monitor.Error);
        Assert.Contains("windows of 200 tested", monitor.Out, StringComparison.Ordinal);
        Assert.Contains("alert from prediction", monitor.Out, StringComparison.Ordinal);
        var one = CliHarness.Run("monitor", model, Path.Combine(sample, "Trouser"), "--format", "json");
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("", one.Out.Trim());

        var leaderboard = CliHarness.Run("leaderboard", _output);
        Assert.Equal(0, leaderboard.ExitCode);
        Assert.Contains("trial 0", leaderboard.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_writes_csv_with_one_row_per_image()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");
        var fit = CliHarness.Run("fit", sample, "--time-limit", "30s", "--max-trials", "1", "--output", _output);
        Assert.True(fit.ExitCode == 0, fit.Error);

        var files = Directory.GetFiles(Path.Combine(sample, "Bag")).Take(5).ToArray();
        var predict = CliHarness.Run(["predict", Path.Combine(_output, "model.adlpk"), .. files, "--format", "csv"]);

        Assert.Equal(0, predict.ExitCode);
        var lines = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("file,label,confidence,margin,entropy,out_of_distribution", lines[0].Trim());
        Assert.Equal(6, lines.Length);
        foreach (var row in lines.Skip(1).Select(l => l.Trim().Split(',')))
        {
            var (confidence, margin, entropy) = (Number(row[2]), Number(row[3]), Number(row[4]));
            // The margin never exceeds the confidence; a confident prediction is a low-entropy one.
            Assert.InRange(margin, 0, confidence);
            Assert.InRange(entropy, 0, 1);
            // Images of the training data's own kind: the score is defined and a share.
            Assert.InRange(Number(row[5]), 0, 1);
        }
    }

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
