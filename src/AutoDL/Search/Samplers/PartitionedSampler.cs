namespace AutoDL.Search.Samplers;

/// <summary>
/// Searches parts of a space with different samplers and merges their proposals: the architecture by
/// evolution, say, where a network is a discrete structure that mutation explores well, and the training
/// hyperparameters by a model-based sampler such as TPE, which suits continuous ranges. Each sampler sees the
/// whole history but proposes only for its part (<see cref="SearchSpace.Subset(Func{SearchParameter, bool})"/>),
/// so it models how its own parameters relate to the trials' values.
/// </summary>
/// <remarks>
/// A parameter belongs to the first partition that selects it; the rest go to a last sampler. A part must
/// hold the parents of its conditional parameters, since whether they apply depends on them alone; that keeps
/// the merged proposal consistent. Samplers run in order on the one <see cref="Random"/>, so the result is
/// deterministic for a seed.
/// </remarks>
public sealed class PartitionedSampler : ISampler
{
    private readonly IReadOnlyList<SamplerPartition> _partitions;
    private readonly ISampler _rest;

    /// <summary>Creates a sampler of <paramref name="partitions"/>, with <paramref name="rest"/> for parameters none selects.</summary>
    public PartitionedSampler(IEnumerable<SamplerPartition> partitions, ISampler rest)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        _partitions = [.. partitions];
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A part holds a conditional parameter but not its parent.</exception>
    public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        var merged = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i <= _partitions.Count; i++)
        {
            var part = space.Subset(p => OwnerOf(p) == i);
            if (part.Parameters.Count == 0)
            {
                continue;
            }
            var sampler = i < _partitions.Count ? _partitions[i].Sampler : _rest;
            foreach (var (name, value) in sampler.Propose(part, history, random))
            {
                merged[name] = value;
            }
        }
        return merged;
    }

    /// <summary>The index of the first partition that selects <paramref name="parameter"/>; the partition count stands for the rest.</summary>
    private int OwnerOf(SearchParameter parameter)
    {
        for (int i = 0; i < _partitions.Count; i++)
        {
            if (_partitions[i].Selects(parameter))
            {
                return i;
            }
        }
        return _partitions.Count;
    }
}
