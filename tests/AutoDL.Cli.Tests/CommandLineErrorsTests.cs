namespace AutoDL.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class CommandLineErrorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertNoStackTrace(string text) => Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

    [Fact]
    public void Help_lists_every_command_and_exits_zero()
    {
        var (exit, output, _) = CliHarness.Run("--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "fit", "predict", "evaluate", "leaderboard", "report", "dashboard", "monitor", "serve" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("fit")]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("leaderboard")]
    [InlineData("serve")]
    [InlineData("report")]
    [InlineData("dashboard")]
    [InlineData("monitor")]
    public void Every_command_has_help(string command)
    {
        var (exit, output, _) = CliHarness.Run(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var (exit, _, error) = CliHarness.Run("fit", "data", "--no-such-option");

        Assert.Equal(2, exit);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_argument_is_a_usage_error()
    {
        var (exit, _, error) = CliHarness.Run("predict");

        Assert.Equal(2, exit);
        Assert.Contains("autodl predict --help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ten minutes")]
    [InlineData("0s")]
    [InlineData("-5m")]
    public void A_bad_time_limit_is_a_usage_error_that_shows_the_value(string value)
    {
        var (exit, _, error) = CliHarness.Run("fit", _folder, "--time-limit", value);

        Assert.Equal(2, exit);
        Assert.Contains("--time-limit", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void An_unknown_task_is_a_usage_error()
    {
        var (exit, _, _) = CliHarness.Run("fit", _folder, "--task", "translation");

        Assert.Equal(2, exit);
    }

    [Fact]
    public void Fitting_a_missing_folder_names_it_and_exits_one_without_a_stack_trace()
    {
        var missing = Path.Combine(_folder, "nowhere");

        var (exit, _, error) = CliHarness.Run("fit", missing, "--time-limit", "10s", "--output", Path.Combine(_folder, "out"));

        Assert.Equal(1, exit);
        Assert.Contains("nowhere", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Fitting_a_single_class_says_two_classes_are_needed()
    {
        var only = Directory.CreateDirectory(Path.Combine(_folder, "data", "cats")).FullName;
        var sample = Directory.GetFiles(Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k", "Bag"))[..3];
        foreach (var file in sample)
        {
            File.Copy(file, Path.Combine(only, Path.GetFileName(file)));
        }

        var (exit, _, error) = CliHarness.Run("fit", Path.Combine(_folder, "data"), "--time-limit", "10s", "--output", Path.Combine(_folder, "out"));

        Assert.Equal(1, exit);
        Assert.Contains("two classes", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_with_its_name()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");
        var file = Path.Combine(_folder, "taken");
        File.WriteAllText(file, "user data");

        var (exit, _, error) = CliHarness.Run("fit", sample, "--time-limit", "10s", "--output", file);

        Assert.Equal(1, exit);
        Assert.Contains("taken", error, StringComparison.Ordinal);
        Assert.Equal("user data", File.ReadAllText(file));
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Predicting_with_a_missing_model_exits_one_and_says_so()
    {
        var (exit, _, error) = CliHarness.Run("predict", Path.Combine(_folder, "model.adlpk"), _folder);

        Assert.Equal(1, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Predicting_with_a_file_that_is_not_a_model_says_it_is_damaged()
    {
        var fake = Path.Combine(_folder, "model.adlpk");
        File.WriteAllText(fake, "not a zip");

        var (exit, _, error) = CliHarness.Run("predict", fake, fake);

        Assert.Equal(1, exit);
        Assert.Contains("damaged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dashboard_of_a_missing_folder_or_on_a_bad_port_is_refused_without_a_stack_trace()
    {
        var missing = CliHarness.Run("dashboard", Path.Combine(_folder, "nope"), "--port", "0");
        var port = CliHarness.Run("dashboard", _folder, "--port", "70000");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("is not a folder", missing.Error, StringComparison.Ordinal);
        AssertNoStackTrace(missing.Error);
        Assert.Equal(2, port.ExitCode);
        Assert.Contains("--port must be between 0 and 65535", port.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaderboard_of_a_folder_without_one_exits_one()
    {
        var (exit, _, error) = CliHarness.Run("leaderboard", _folder);

        Assert.Equal(1, exit);
        Assert.Contains("leaderboard.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_and_new_study_together_are_a_usage_error()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");

        var (exit, _, error) = CliHarness.Run("fit", sample, "--resume", "--new-study", "--output", _folder);

        Assert.Equal(2, exit);
        Assert.Contains("--resume and --new-study", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_without_a_study_names_the_folder_and_starts_nothing()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");
        var output = Path.Combine(_folder, "run");

        var (exit, _, error) = CliHarness.Run("fit", sample, "--resume", "--output", output, "--time-limit", "20s");

        Assert.Equal(1, exit);
        Assert.Contains($"no study to resume in '{output}'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "study.db")));
        AssertNoStackTrace(error);
    }

    [Fact]
    public void A_study_of_other_data_in_the_output_folder_is_refused_naming_what_differs()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");
        using (var store = new AutoDL.Search.Storage.SqliteStudyStore(Path.Combine(_folder, "study.db")))
        {
            store.Add(new AutoDL.Search.TrialRecord(0, new Dictionary<string, double>(), AutoDL.Search.TrialState.Fail) { StartedUtc = DateTimeOffset.UtcNow, EndedUtc = DateTimeOffset.UtcNow });
            store.SetAttribute("data", "/somewhere/else");
        }

        var (exit, _, error) = CliHarness.Run("fit", sample, "--output", _folder, "--time-limit", "20s");

        Assert.Equal(1, exit);
        Assert.Contains("holds a study of other data or settings (data: '/somewhere/else' there", error, StringComparison.Ordinal);
        Assert.Contains("--new-study", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void A_parameter_limit_no_network_meets_ends_with_a_message_naming_it()
    {
        var sample = Path.Combine(CliHarness.RepositoryRoot(), "samples", "fashion-mnist-1k");

        var (exit, _, error) = CliHarness.Run("fit", sample, "--max-parameters", "100", "--output", _folder, "--time-limit", "60s");

        Assert.Equal(1, exit);
        Assert.Contains("rejected before training", error, StringComparison.Ordinal);
        Assert.Contains("more than the limit of 100", error, StringComparison.Ordinal);
        Assert.Contains("--max-parameters", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }
}
