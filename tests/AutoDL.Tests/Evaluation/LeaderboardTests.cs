using AutoDL.Evaluation;
using AutoDL.Search;
using AutoDL.Search.Storage;
using AutoDL.Tasks.ImageClassification;

namespace AutoDL.Tests.Evaluation;

public sealed class LeaderboardTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-leaderboard-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_leaderboard_that_cannot_be_written_is_a_one_line_error_naming_the_file_and_the_last_one_stays_readable()
    {
        var p = ImageClassificationSearchSpace.Default(5);
        Leaderboard.FromTrials([new TrialRecord(0, p, TrialState.Complete) { Value = 0.6 }], ImageClassificationSearchSpace.Space, "accuracy", MetricDirection.Maximize).Write(_folder);
        var later = Leaderboard.FromTrials([new TrialRecord(0, p, TrialState.Complete) { Value = 0.6 }, new TrialRecord(1, p, TrialState.Complete) { Value = 0.7 }], ImageClassificationSearchSpace.Space, "accuracy", MetricDirection.Maximize);
        // Something in the way of the CSV, as a full disk would be: the rename over it fails.
        var csv = Path.Combine(_folder, Leaderboard.CsvFileName);
        File.Delete(csv);
        Directory.CreateDirectory(csv);

        var error = Assert.Throws<AutoDLException>(() => later.Write(_folder));

        Assert.StartsWith($"Cannot write '{csv}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("autodl leaderboard DIR", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Leaderboard.Read(_folder).Rows.Count);
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Trials_are_ranked_by_value_with_failures_last_and_round_trip_through_json()
    {
        var p = ImageClassificationSearchSpace.Default(5);
        var trials = new[]
        {
            new TrialRecord(0, p, TrialState.Complete) { Value = 0.8, Intermediate = [0.7, 0.8], Seconds = 10, ParameterCount = 1000 },
            new TrialRecord(1, p, TrialState.Fail) { Note = "diverged" },
            new TrialRecord(2, p, TrialState.Pruned) { Value = 0.9, Intermediate = [0.9], Seconds = 3, ParameterCount = 2000 },
        };

        var board = Leaderboard.FromTrials(trials, ImageClassificationSearchSpace.Space, "accuracy", MetricDirection.Maximize);
        board.Write(_folder);
        var read = Leaderboard.Read(_folder);

        Assert.Equal([2, 0, 1], board.Rows.Select(r => r.Trial));
        Assert.Equal("resnet", board.Rows[0].Family);
        Assert.Equal(board.Rows, read.Rows);
        var csv = File.ReadAllLines(Path.Combine(_folder, Leaderboard.CsvFileName));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("rank,trial,state,family,hyperparameters,validation_accuracy", csv[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_described_study_then_the_folder_reads_its_trials_as_they_stand_without_a_leaderboard_file()
    {
        // As during a fit, or after it was killed: the study holds the trials, leaderboard.json is not written yet.
        var p = ImageClassificationSearchSpace.Default(5);
        using (var store = new SqliteStudyStore(Path.Combine(_folder, SqliteStudyStore.FileName)))
        {
            Leaderboard.DescribeIn(store, ImageClassificationSearchSpace.Space, "balanced_accuracy", MetricDirection.Maximize);
            store.Add(new TrialRecord(0, p, TrialState.Complete) { Value = 0.7, Intermediate = [0.7], Seconds = 4 });
            store.Add(new TrialRecord(1, p, TrialState.Running) { Intermediate = [0.75] });
        }

        var read = Leaderboard.Read(_folder);

        Assert.Equal("balanced_accuracy", read.Metric);
        Assert.Equal(MetricDirection.Maximize, read.Direction);
        Assert.Equal([0, 1], read.Rows.Select(r => r.Trial));
        Assert.Equal(["Complete", "Running"], read.Rows.Select(r => r.State));
        Assert.Equal(ImageClassificationSearchSpace.Space.Describe(p.Where(kv => kv.Key != "family").ToDictionary()), read.Rows[0].Hyperparameters);
    }

    [Fact]
    public void Given_a_study_of_an_earlier_version_without_its_space_then_the_written_leaderboard_is_read()
    {
        var p = ImageClassificationSearchSpace.Default(5);
        using (var store = new SqliteStudyStore(Path.Combine(_folder, SqliteStudyStore.FileName)))
        {
            store.Add(new TrialRecord(0, p, TrialState.Complete) { Value = 0.7 });
        }
        Leaderboard.FromTrials([new TrialRecord(0, p, TrialState.Complete) { Value = 0.6 }], ImageClassificationSearchSpace.Space, "accuracy", MetricDirection.Maximize).Write(_folder);

        var read = Leaderboard.Read(_folder);

        Assert.Equal(0.6, read.Rows.Single().ValidationMetric);
    }

    [Fact]
    public void Given_a_metric_to_minimise_then_the_lowest_value_ranks_first_and_the_direction_is_kept_on_disk()
    {
        var p = ImageClassificationSearchSpace.Default(5);
        var trials = new[]
        {
            new TrialRecord(0, p, TrialState.Complete) { Value = 0.4 },
            new TrialRecord(1, p, TrialState.Complete) { Value = 0.2 },
            new TrialRecord(2, p, TrialState.Fail),
        };

        var board = Leaderboard.FromTrials(trials, ImageClassificationSearchSpace.Space, "error_rate", MetricDirection.Minimize);
        board.Write(_folder);
        var read = Leaderboard.Read(_folder);

        Assert.Equal([1, 0, 2], board.Rows.Select(r => r.Trial));
        Assert.Equal(MetricDirection.Minimize, read.Direction);
        Assert.Equal(board.Rows, read.Rows);
    }

    [Fact]
    public void Reading_a_folder_without_a_leaderboard_names_the_folder()
    {
        var error = Assert.Throws<AutoDLException>(() => Leaderboard.Read(_folder));

        Assert.Contains(_folder, error.Message, StringComparison.Ordinal);
    }
}
