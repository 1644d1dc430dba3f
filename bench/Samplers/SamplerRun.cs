namespace AutoDL.Bench.Samplers;

/// <summary>One sampler's run on one function and seed, in the form both sides of the benchmark write.</summary>
/// <param name="Sampler">Who proposed.</param>
/// <param name="Function">Which test function.</param>
/// <param name="Seed">The seed of the run.</param>
/// <param name="Regret">Simple regret after k evaluations, keyed by k.</param>
internal sealed record SamplerRun(string Sampler, string Function, int Seed, IReadOnlyDictionary<string, double> Regret);
