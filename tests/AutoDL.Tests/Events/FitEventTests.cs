using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDL.Events;
using AutoDL.Search;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Events;

public sealed class FitEventTests
{
    [Fact]
    public void Every_event_type_is_registered_for_json_so_the_log_can_name_and_read_it()
    {
        var registered = typeof(FitEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var events = typeof(FitEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(FitEvent)) && !t.IsAbstract).ToList();

        Assert.NotEmpty(events);
        Assert.All(events, t => Assert.Contains(t, registered));
    }

    [Fact]
    public void An_event_read_back_from_its_json_says_the_same_under_its_kind()
    {
        FitEvent written = new TrialEnded(4, TrialState.Pruned, "balanced_accuracy", 0.8125, 3, 41.6, "pruned by the scheduler");

        var json = JsonSerializer.Serialize(written, FitEventLog.JsonOptions);
        var read = JsonSerializer.Deserialize<FitEvent>(json, FitEventLog.JsonOptions);

        Assert.StartsWith("{\"type\":\"trial_ended\"", json, StringComparison.Ordinal);
        // The stage follows from the kind; the line around the event states it once.
        Assert.DoesNotContain("\"stage\"", json, StringComparison.Ordinal);
        Assert.Equal(written, read);
        Assert.Equal("trial 4 pruned: validation balanced accuracy 0.8125 after 3 epochs in 42s (pruned by the scheduler)", read!.Describe());
    }

    [Fact]
    public void A_trial_event_names_its_trial_and_the_progress_carries_it()
    {
        var progress = new FitProgress(new EpochEnded(2, 5, 12, "accuracy", 0.9, 0.31, 4.2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));

        Assert.Equal(2, progress.Trial);
        Assert.Equal((5, 12), progress.Epoch);
        Assert.Equal(FitStage.Epoch, progress.Stage);
        Assert.Null(new FitProgress(new DataSummarized(800, 100, 100, 0), TimeSpan.Zero, TimeSpan.Zero).Trial);
    }

    [Fact]
    public void A_full_disk_stops_the_fit_naming_the_event_log_and_leaves_only_whole_lines_in_it()
    {
        var disk = new FullDiskStream(room: 700);
        using var log = new FitEventLog("/output", next: null, open: _ => disk);

        var error = Assert.Throws<StudyCannotContinueException>(() =>
        {
            for (int epoch = 1; epoch < 100; epoch++)
            {
                log.Report(new FitProgress(new EpochEnded(0, epoch, 99, "accuracy", 0.9, 0.31, 4.2), TimeSpan.FromSeconds(epoch), TimeSpan.FromSeconds(90)));
            }
        });

        Assert.StartsWith($"Cannot write the fit's event log '{Path.Combine("/output", FitEventLog.FileName)}': {FullDiskStream.Message}", error.Message, StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(disk.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
    }
}
