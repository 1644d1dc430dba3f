using System.Globalization;
using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Tasks.ImageClassification;

namespace AutoDL.Tests.Pipeline;

public sealed class TrialConstraintsTests
{
    private const int Classes = 26;
    private const long Plenty = 1L << 40;
    private static readonly ImageShape Input = new(1, 28, 28);

    [Fact]
    public void A_configuration_within_every_limit_may_train()
    {
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 32);
        var constraints = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty) { MaxParameters = Parameters(p), MaxMultiplyAdds = MultiplyAdds(p) };

        Assert.Null(constraints.Check(p, []));
    }

    [Fact]
    public void A_configuration_needing_more_than_70_percent_of_the_memory_is_rejected_naming_both_figures()
    {
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 64);
        long needed = Memory(p, Input);

        string? tight = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), needed).Check(p, []);
        string? roomy = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), 2 * needed).Check(p, []);

        Assert.NotNull(tight);
        Assert.StartsWith("needs ~", tight, StringComparison.Ordinal);
        Assert.Contains("MiB to train, more than 70% of the", tight, StringComparison.Ordinal);
        Assert.Null(roomy);
    }

    [Fact]
    public void Memory_beyond_a_gibibyte_is_written_in_GiB()
    {
        var colour = new ImageShape(3, 64, 64);
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 64);

        string? reason = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, colour), colour, Classes), 3L << 30).Check(p, []);

        Assert.True(Memory(p, colour) > 0.7 * (3L << 30), $"{Memory(p, colour)} bytes");
        Assert.NotNull(reason);
        Assert.Matches(@"^needs ~\d+\.\d GiB to train, more than 70% of the 3\.0 GiB this process may use$", reason);
    }

    [Fact]
    public void A_configuration_needing_at_least_as_much_as_one_that_ran_out_of_memory_is_skipped()
    {
        var history = new[] { Failed(3, ImageClassificationSearchSpace.Default(epochs: 1, width: 32), "out of memory: could not allocate 2 GiB") };
        var constraints = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty);

        string? same = constraints.Check(ImageClassificationSearchSpace.Default(epochs: 5, width: 32), history);
        string? wider = constraints.Check(ImageClassificationSearchSpace.Default(epochs: 1, width: 48), history);
        string? narrower = constraints.Check(ImageClassificationSearchSpace.Default(epochs: 1, width: 16), history);

        Assert.NotNull(same);
        Assert.Contains("of trial 3, which ran out of memory", same, StringComparison.Ordinal);
        Assert.NotNull(wider);
        Assert.Null(narrower);
    }

    [Fact]
    public void A_trial_that_died_with_its_process_needing_half_the_memory_or_more_is_presumed_out_of_memory_and_bounds_what_follows()
    {
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 32);
        long needed = Memory(p, Input);
        // The kernel's out-of-memory killer leaves no error: only the estimate recorded before the trial started.
        var history = new[] { DiedWithItsProcess(4, p, needed) };

        string? large = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), 2 * needed).Check(p, history);
        string? small = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), 4 * needed).Check(p, history);

        Assert.NotNull(large);
        Assert.Contains("of trial 4, which died with its process needing more than 50% of the memory (presumed out of memory)", large, StringComparison.Ordinal);
        // At a quarter of the memory, a kill or a crash is likelier: the trial is retried rather than avoided.
        Assert.Null(small);
        Assert.Null(new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), 2 * needed).Check(ImageClassificationSearchSpace.Default(epochs: 1, width: 16), history));
    }

    [Fact]
    public void A_retry_that_died_with_its_process_again_is_presumed_out_of_memory_whatever_its_size()
    {
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 32);
        long needed = Memory(p, Input);
        var history = new[] { DiedWithItsProcess(0, p, needed), DiedWithItsProcess(1, p, needed) with { RetryOf = 0 } };

        string? reason = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), 100 * needed).Check(p, history);

        Assert.NotNull(reason);
        Assert.Contains("of trial 1, which died with its process twice", reason, StringComparison.Ordinal);
        Assert.Null(new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), 100 * needed).Check(p, history[..1]));
    }

    [Fact]
    public void The_smallest_configuration_that_ran_out_of_memory_sets_the_bound()
    {
        var history = new[]
        {
            Failed(0, ImageClassificationSearchSpace.Default(epochs: 1, width: 64), "out of memory: bad_alloc"),
            Failed(1, ImageClassificationSearchSpace.Default(epochs: 1, width: 24), "out of memory: bad_alloc"),
        };

        string? reason = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty).Check(ImageClassificationSearchSpace.Default(epochs: 1, width: 32), history);

        Assert.NotNull(reason);
        Assert.Contains("of trial 1,", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_other_than_running_out_of_memory_bound_nothing()
    {
        var history = new[]
        {
            Failed(0, ImageClassificationSearchSpace.Default(epochs: 1, width: 16), "error in native code: shape mismatch"),
            Failed(1, ImageClassificationSearchSpace.Default(epochs: 1, width: 16), "rejected before training: needs ~9 GiB"),
        };

        Assert.Null(new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty).Check(ImageClassificationSearchSpace.Default(epochs: 1, width: 64), history));
    }

    [Fact]
    public void A_network_over_the_parameter_limit_is_rejected_naming_its_count_and_the_limit()
    {
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 32);
        long count = Parameters(p);

        string? reason = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty) { MaxParameters = count - 1 }.Check(p, []);

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"has {count:N0} parameters, more than the limit of {count - 1:N0}"), reason);
        Assert.Null(new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty) { MaxParameters = count }.Check(p, []));
    }

    [Fact]
    public void A_network_over_the_multiply_add_limit_is_rejected_naming_its_cost_and_the_limit()
    {
        var p = ImageClassificationSearchSpace.Default(epochs: 1, width: 32);
        long macs = MultiplyAdds(p);

        string? reason = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty) { MaxMultiplyAdds = 10_000_000 }.Check(p, []);

        Assert.True(macs > 10_000_000, $"{macs} multiply-adds");
        Assert.NotNull(reason);
        Assert.StartsWith("needs ", reason, StringComparison.Ordinal);
        Assert.EndsWith("M multiply-adds per example, more than the limit of 10 M", reason, StringComparison.Ordinal);
        Assert.Null(new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes), Plenty) { MaxMultiplyAdds = macs }.Check(p, []));
    }

    [Fact]
    public void Without_an_override_the_memory_is_what_the_runtime_reports_for_this_process()
    {
        var constraints = new TrialConstraints(new SearchedNetworkCosts(new ImageClassificationSearch(DataTraits.Plain, Input), Input, Classes));

        Assert.True(constraints.AvailableMemoryBytes > 0);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, constraints.AvailableMemoryBytes);
    }

    private static TrialRecord Failed(int number, IReadOnlyDictionary<string, double> p, string note) =>
        new(number, p, TrialState.Fail) { Note = note };

    private static TrialRecord DiedWithItsProcess(int number, IReadOnlyDictionary<string, double> p, long memory) =>
        Failed(number, p, $"{TrialFailure.DiedWithProcess}: its process stopped before the trial ended") with { MemoryBytes = memory };

    private static long Memory(IReadOnlyDictionary<string, double> p, ImageShape input) =>
        ModelFactory.EstimateTrainingMemoryBytes(ImageClassificationSearchSpace.ToModel(p, input), input, Classes, ImageClassificationSearchSpace.ToTraining(p).BatchSize);

    private static long Parameters(IReadOnlyDictionary<string, double> p) =>
        ModelFactory.EstimateParameters(ImageClassificationSearchSpace.ToModel(p, Input), Input, Classes);

    private static long MultiplyAdds(IReadOnlyDictionary<string, double> p) =>
        ModelFactory.EstimateMultiplyAdds(ImageClassificationSearchSpace.ToModel(p, Input), Input, Classes);
}
