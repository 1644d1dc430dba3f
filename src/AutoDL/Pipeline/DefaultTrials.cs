using System.Globalization;
using AutoDL.Events;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// The budget policy: what a new study trains after its first look and before it searches, chosen from the task's
/// default ladder by the measured cost of an epoch and the time left, and whether the search starts at all. Every
/// decision is reported (<see cref="TrainingPlanned"/>, <see cref="SearchSkipped"/>) with its reason.
/// </summary>
internal sealed class DefaultTrials(ITaskTrialRunner runner, ITaskSearch search, FitClock clock, SplitSizes sizes, bool mirrorKeepsTargets, Action<FitEvent> report)
{
    /// <summary>
    /// The share of the training time left that a default's epochs are planned to fill; the rest absorbs the noise of
    /// the cost estimate. A default given all the time left is lengthened while it trains when its epochs turn out cheaper
    /// (<see cref="FillsTimeLeft"/>), so planning short costs little.
    /// </summary>
    private const double PlannedShare = 0.95;

    /// <summary>
    /// The most epochs the main default is given, as a multiple of <see cref="TargetEpochs"/>, when the time beyond them
    /// can train a search trial (<see cref="SearchCanMatter"/>). Beyond this, even the ladder's widest network has trained
    /// close to its end; the time left then goes to the search. Time too short for the search goes to the default instead:
    /// left unused it buys nothing (a 10-minute fit of the held-out textures ended 45 s early with its default capped).
    /// </summary>
    private const int MostEpochsPerTarget = 2;

    /// <summary>
    /// Whether the default <see cref="Plan"/> yielded last was given all the training time left, rather than the time its
    /// epochs were expected to take (the quick default, or a main default capped to leave the search its time): it then
    /// trains as many epochs as fit the rest at the cost its epochs turn out to have (<see cref="TimeFilling"/>).
    /// </summary>
    public bool FillsTimeLeft { get; private set; }

    /// <summary>The network and members the finish's reserve was last sized for (<see cref="ReviseFinishTime"/>).</summary>
    private (IReadOnlyDictionary<string, double> Network, int Members)? _finish;

    /// <summary>Whether a model exists yet; until one does, any trial is worth its time and the search is never skipped.</summary>
    public Func<bool> HaveModel { get; init; } = () => true;

    /// <summary>Epochs a default network should get before a wider one is preferred (<see cref="ITaskSearch.TargetEpochs"/>).</summary>
    private int TargetEpochs => search.TargetEpochs;

    /// <summary>
    /// The defaults to train, then the search's gate. The main default is chosen for all the training time left
    /// (<see cref="Main"/>). A quick default, the cheapest rung for <see cref="TargetEpochs"/> epochs, runs before it only
    /// where it costs the main default nothing: where the main default chosen for the time after the quick one is the
    /// same network for the same epochs, because its epochs are capped and the quick default takes its time from the
    /// search, whose trials cost as much. It then gives a good model within minutes (the any-time curve, which ALC scores,
    /// weighs the first minutes most) and a partner seeded apart (trials are seeded by number) for the final model to
    /// average with. Where it would cost the main default epochs or width, the main default gets all the time: every
    /// epoch that beats the best so far is written to disk, so the any-time curve rises during it too. A quick default
    /// that took from the main default lost every time it was measured: on the held-out shapes at 10 minutes the pairs
    /// of one network (10 and 9, 11 and 10 epochs) scored 0.905 and 0.902 on test where one run of 22 epochs scored
    /// 0.967, and on Fashion-MNIST at 30 minutes a quick default took a quarter of the budget (447 s) and never improved
    /// the final model in four fits.
    /// The search starts only where the time left after the defaults can train a trial as far as a default
    /// (<see cref="SearchCanMatter"/>): a search trial trained in less did not come near the defaults in any measured fit
    /// (issue 24: on Fashion-MNIST at 5, 10 and 30 minutes the final model was always a default; on letters at 10 minutes,
    /// two search trials after the default were pruned and a single wider network trained for the whole time would have
    /// won by 0.8 points). Each item is chosen when the previous one has ended, from the time then left.
    /// </summary>
    public IEnumerable<IReadOnlyDictionary<string, double>> Plan(IReadOnlyList<IReadOnlyDictionary<string, double>> ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var quick = ladder[0];
        var quickCost = runner.MeasureCost(quick);
        // The first look is there to average with: keep back the time to score a pair.
        ReserveFinishTime(quick, members: 2);
        double quickSeconds = TargetEpochs * EpochSeconds(quickCost);
        double left = clock.TrainingTimeLeft.TotalSeconds;
        bool quickFits = left - quickSeconds >= quickSeconds;
        if (quickFits && Main(ladder, left - quickSeconds).SamePlan(Main(ladder, left)))
        {
            Report("quick default", TargetEpochs, EpochSeconds(quickCost), left, Text($"the cheapest network for {TargetEpochs} epochs first, so that a good model exists early; the main default after it is capped, so this time is the search's, not the main default's"));
            FillsTimeLeft = false;
            yield return search.WithEpochs(quick, TargetEpochs);
            var main = MainAfterItsFinish(ladder);
            Report("main default", main.Epochs, EpochSeconds(main.Cost), clock.TrainingTimeLeft.TotalSeconds, main.Why);
            FillsTimeLeft = main.FillsTimeLeft;
            yield return search.WithEpochs(main.Rung, main.Epochs);
        }
        else
        {
            var only = MainAfterItsFinish(ladder);
            string why = only.Why;
            if (quickFits)
            {
                why += Text($"; no quick default first, since its {quickSeconds:0} s would come out of this one's epochs or width");
            }
            Report("only default", only.Epochs, EpochSeconds(only.Cost), clock.TrainingTimeLeft.TotalSeconds, why);
            FillsTimeLeft = only.FillsTimeLeft;
            yield return search.WithEpochs(only.Rung, only.Epochs);
        }
        if (!SearchCanMatter(quickCost, out double trialSeconds) && HaveModel())
        {
            report(new SearchSkipped(clock.TrainingTimeLeft.TotalSeconds, trialSeconds, TargetEpochs));
            clock.EndTraining();
        }
    }

    /// <summary>
    /// The final model is chosen on validation and evaluated on the test split at the end; keep that time back
    /// (<see cref="FinalModelChoice.ExamplesToScore"/>) at the evaluation cost of <paramref name="network"/>, with a margin
    /// for noise. The cost is first the measured one of a single batch, then what the network's validation passes take
    /// (<see cref="ReviseFinishTime"/>), which evaluation in larger batches makes a fraction of it.
    /// </summary>
    public void ReserveFinishTime(IReadOnlyDictionary<string, double> network, int members)
    {
        ArgumentNullException.ThrowIfNull(network);
        _finish = (network, members);
        long examples = FinalModelChoice.ExamplesToScore(sizes, mirrorKeepsTargets, members);
        clock.ReserveForFinish(TimeSpan.FromSeconds(FinishMargin * examples * runner.MeasureCost(network).EvalSecondsPerImage));
    }

    /// <summary>
    /// Sizes the finish's reserve (<see cref="ReserveFinishTime"/>) again at the evaluation cost now known, after a default's
    /// epoch has timed a validation pass; the training time it frees goes to that default's epochs (<see cref="TimeFilling"/>).
    /// </summary>
    public void ReviseFinishTime()
    {
        if (_finish is var (network, members))
        {
            ReserveFinishTime(network, members);
        }
    }

    /// <summary>The margin on the finish's estimated evaluation time (<see cref="ReserveFinishTime"/>).</summary>
    private const double FinishMargin = 1.2;

    /// <summary>
    /// The main default chosen after the finish's reserve for its own network is taken: that reserve is what the time
    /// left is planned against. Chosen once to know the network, then again in the time its reserve leaves.
    /// </summary>
    private MainDefault MainAfterItsFinish(IReadOnlyList<IReadOnlyDictionary<string, double>> ladder)
    {
        ReserveFinishTime(Main(ladder, clock.TrainingTimeLeft.TotalSeconds).Rung, members: 2);
        var main = Main(ladder, clock.TrainingTimeLeft.TotalSeconds);
        ReserveFinishTime(main.Rung, members: 2);
        return main;
    }

    /// <summary>
    /// The default for <paramref name="secondsLeft"/> of training: the widest rung of the ladder that still trains
    /// <see cref="TargetEpochs"/> epochs in it, for as many epochs as fit, up to <see cref="MostEpochsPerTarget"/> ×
    /// <see cref="TargetEpochs"/> where the time beyond them can train a search trial: a wider network trained to the end
    /// of its schedule beats a narrower one plus search on a short budget. When no rung gets <see cref="TargetEpochs"/>,
    /// the cheapest one, with the epochs that fit (at least <see cref="EpochPlan.MinimumEpochs"/>; the trial runner shortens
    /// the epochs when even those do not fit).
    /// </summary>
    private MainDefault Main(IReadOnlyList<IReadOnlyDictionary<string, double>> ladder, double secondsLeft)
    {
        double seconds = secondsLeft * PlannedShare;
        int most = MostEpochsPerTarget * TargetEpochs;
        (IReadOnlyDictionary<string, double> Rung, TrainingCost Cost, int Epochs)? widest = null;
        int rung = 0;
        for (int i = 0; i < ladder.Count; i++)
        {
            var cost = runner.MeasureCost(ladder[i]);
            int epochs = (int)Math.Floor(seconds / EpochSeconds(cost));
            if (widest is not null && epochs < TargetEpochs)
            {
                break;
            }
            (widest, rung) = ((ladder[i], cost, epochs), i);
            if (epochs < TargetEpochs)
            {
                break;
            }
        }
        var (chosen, chosenCost, fitting) = widest!.Value;
        double searchTrialSeconds = TargetEpochs * EpochSeconds(runner.MeasureCost(ladder[0]));
        bool capped = fitting > most && secondsLeft - most * EpochSeconds(chosenCost) >= searchTrialSeconds;
        int epochsChosen = Math.Max(EpochPlan.MinimumEpochs, capped ? most : fitting);
        string rest = fitting <= most ? ""
            : capped ? Text($"; at most {most} epochs, the rest of the time is the search's")
            : Text($"; more than {most} epochs, since the time beyond them could not train a search trial");
        string why = fitting < TargetEpochs
            ? Text($"not even the cheapest network trains {TargetEpochs} epochs in the time left, so it trains as many as fit")
            : rung == ladder.Count - 1
                ? Text($"the widest network of the ladder, for {epochsChosen} epochs{rest}")
                : Text($"the widest network that trains {TargetEpochs} epochs in the time left (the next wider one would not), for {epochsChosen} epochs{rest}");
        return new MainDefault(chosen, chosenCost, epochsChosen, !capped, why);
    }

    /// <summary>A main default as <see cref="Main"/> chose it; <paramref name="FillsTimeLeft"/> unless its epochs were capped.</summary>
    private sealed record MainDefault(IReadOnlyDictionary<string, double> Rung, TrainingCost Cost, int Epochs, bool FillsTimeLeft, string Why)
    {
        public bool SamePlan(MainDefault other) => ReferenceEquals(Rung, other.Rung) && Epochs == other.Epochs;
    }

    /// <summary>
    /// Whether the time left can train the cheapest network as many epochs as a default (<see cref="TargetEpochs"/>):
    /// less buys the search a trial that is cut short or pruned before it could come near the defaults.
    /// </summary>
    private bool SearchCanMatter(TrainingCost cheapest, out double trialSeconds)
    {
        trialSeconds = TargetEpochs * EpochSeconds(cheapest);
        return clock.TrainingTimeLeft.TotalSeconds >= trialSeconds;
    }

    private void Report(string role, int epochs, double epochSeconds, double secondsLeft, string why) =>
        report(new TrainingPlanned(role, epochs, null, epochSeconds, secondsLeft, why));

    private double EpochSeconds(TrainingCost cost) => cost.EpochSeconds(sizes.Train, sizes.Validation);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
