namespace AutoDL.Search.Samplers;

/// <summary>
/// Proposes the next hyperparameters. Pure, as in Optuna: given the space and the history, propose; all
/// shared state lives in the study store. The history's values are scores, higher better, whatever the metric's
/// direction: <see cref="Study"/> turns minimised values into scores before it asks
/// (<see cref="MetricDirectionExtensions.AsScores"/>).
/// </summary>
public interface ISampler
{
    /// <summary>Values for every parameter active under the values chosen, in internal form.</summary>
    IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random);
}
