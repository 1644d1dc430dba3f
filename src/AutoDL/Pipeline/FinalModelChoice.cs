using AutoDL.Events;
using AutoDL.Search;

namespace AutoDL.Pipeline;

/// <summary>
/// Chooses the model a fit delivers from the search's best and runner-up: averaged with the runner-up, then with
/// mirrored inputs where mirroring keeps targets, each only when the validation score gets strictly better. The choice
/// is then calibrated on the same split (<see cref="ITaskEvaluator.Calibrate"/>).
/// </summary>
internal static class FinalModelChoice
{
    /// <summary>Training examples a task's monitoring reference may pass through the best network alone (<see cref="ITaskEvaluator.MonitoringReference"/>).</summary>
    public const int ProfiledTrainingExamples = 5000;

    /// <summary>Returns the chosen model and its validation score; <paramref name="report"/> hears each comparison.</summary>
    public static (FinalModel Model, double Score) Choose(BestModel best, BestModel? runnerUp, ITaskEvaluator evaluator, Objective objective, Action<FitEvent> report)
    {
        var chosen = FinalModel.Of(best);
        if (!evaluator.AveragesMembers)
        {
            runnerUp = null;
        }
        if (runnerUp is null && !evaluator.MirrorKeepsTargets)
        {
            return (chosen, best.ValidationScore);
        }
        double score = evaluator.ScoreOnValidation(chosen);
        if (runnerUp is not null)
        {
            var pair = chosen with { Members = [best, runnerUp] };
            double pairScore = evaluator.ScoreOnValidation(pair);
            bool better = objective.Direction.IsBetter(pairScore, score);
            report(new EnsembleWeighed(objective.MetricName, best.Trial, score, runnerUp.Trial, runnerUp.ValidationScore, pairScore, better));
            (chosen, score) = better ? (pair, pairScore) : (chosen, score);
        }
        if (evaluator.MirrorKeepsTargets)
        {
            var flipped = chosen with { TestTimeFlip = true };
            double flippedScore = evaluator.ScoreOnValidation(flipped);
            bool better = objective.Direction.IsBetter(flippedScore, score);
            report(new TestTimeFlipWeighed(objective.MetricName, score, flippedScore, better));
            (chosen, score) = better ? (flipped, flippedScore) : (chosen, score);
        }
        return (chosen, score);
    }

    /// <summary>
    /// Examples the choice and the test evaluation pass through a network when the final model may have
    /// <paramref name="members"/> members. Over validation: the best alone (scored, or calibrated when nothing is compared);
    /// averaged with the runner-up (two more) when there may be one; with mirrored inputs (two per member) where
    /// mirroring keeps targets. Over test: one per member, twice with mirrors.
    /// </summary>
    public static long ExamplesToScore(SplitSizes sizes, bool mirrorKeepsTargets, int members)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int flip = mirrorKeepsTargets ? 2 : 1;
        int validationPasses = 1 + (members > 1 ? members : 0) + (mirrorKeepsTargets ? 2 * members : 0);
        long profile = Math.Min(sizes.Train, ProfiledTrainingExamples);
        return (long)validationPasses * sizes.Validation + (long)members * flip * sizes.Test + profile;
    }
}
