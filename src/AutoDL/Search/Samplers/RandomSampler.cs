namespace AutoDL.Search.Samplers;

/// <summary>Independent uniform draws (log-uniform where the distribution says so); the baseline every sampler must beat.</summary>
public sealed class RandomSampler : ISampler
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(random);
        var chosen = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var parameter in space.Parameters)
        {
            if (space.IsActive(parameter, chosen))
            {
                chosen[parameter.Name] = parameter.Distribution.Sample(random);
            }
        }
        return chosen;
    }
}
