namespace AutoDL.Search.Samplers;

/// <summary>
/// Proposes the next hyperparameters. Pure, as in Optuna: given the space and the history, propose; all
/// shared state lives in the study store.
/// </summary>
public interface ISampler
{
    /// <summary>Values for every parameter active under the values chosen, in internal form.</summary>
    IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random);
}
