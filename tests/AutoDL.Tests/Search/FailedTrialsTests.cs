using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Search.Samplers;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tests.Search;

/// <summary>Real training failures — a diverging loss, a libtorch error — become FAIL trials with a reason, and the study goes on.</summary>
[Collection(TorchCollection.Name)]
public sealed class FailedTrialsTests
{
    private static readonly SearchSpace Space = new([new SearchParameter("case", new CategoricalDistribution(["diverge", "native-error", "fine"]))]);

    private sealed class RealTrainingRunner : ITrialRunner
    {
        public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken)
        {
            string which = Space["case"].Distribution.Format(trial.Params["case"]);
            if (which == "native-error")
            {
                using var tensor = zeros(2, 3);
                using var reshaped = tensor.view(7);
            }
            var train = SyntheticImages.Bands(40, seed: 1);
            var request = new TrainingRequest(
                new PlainCnnConfig(Blocks: 1, BaseWidth: 8),
                new TrainingConfig(LearningRate: which == "diverge" ? 1e6 : 1e-2, BatchSize: 16, Epochs: 2, EarlyStoppingPatience: 0),
                new ClassificationTraining(train, SyntheticImages.Bands(10, seed: 2), NormalizationStats.Compute(train)),
                Seed: 7)
            {
                OnEpoch = outcome => reportEpoch(outcome.Report.ValidationScore),
            };
            return TrialRunner.Outcome(new Trainer().Train(request, cancellationToken), note: null);
        }
    }

    [Fact]
    public void Diverging_and_native_error_trials_fail_with_their_reason_and_the_study_goes_on()
    {
        using var store = new InMemoryStudyStore();
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1);
        var cases = new[] { "diverge", "native-error", "fine" }.Select(c => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["case"] = ((CategoricalDistribution)Space["case"].Distribution).IndexOf(c) });

        study.Optimize(new RealTrainingRunner(), cases, maxTrials: 3, CancellationToken.None);

        var trials = store.Trials();
        Assert.Equal(TrialState.Fail, trials[0].State);
        Assert.StartsWith("diverged", trials[0].Note, StringComparison.Ordinal);
        Assert.Equal(TrialState.Fail, trials[1].State);
        Assert.StartsWith("error in native code", trials[1].Note, StringComparison.Ordinal);
        Assert.Equal(TrialState.Complete, trials[2].State);
        Assert.NotNull(trials[2].Value);
    }
}
