namespace AutoDL.Search.Samplers;

/// <summary>One part of a <see cref="PartitionedSampler"/>: the parameters it takes and the sampler that proposes them.</summary>
/// <param name="Selects">Whether a parameter belongs to this part; a conditional parameter must come with its parent.</param>
/// <param name="Sampler">Proposes this part's parameters, seeing the whole history.</param>
public sealed record SamplerPartition(Func<SearchParameter, bool> Selects, ISampler Sampler);
