using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Pipeline;

/// <summary>
/// A configuration's costs as <see cref="ModelFactory"/> counts them for the network and batch size
/// <paramref name="search"/> makes of it, on <paramref name="input"/>-shaped images with <paramref name="classes"/>
/// classes: the same counting for every task whose networks come from <see cref="ModelFactory"/>.
/// </summary>
internal sealed class SearchedNetworkCosts(ITaskSearch search, ImageShape input, int classes) : IConfigurationCosts
{
    public long Parameters(IReadOnlyDictionary<string, double> parameters) =>
        ModelFactory.EstimateParameters(search.Model(parameters), input, classes);

    public long MultiplyAdds(IReadOnlyDictionary<string, double> parameters) =>
        ModelFactory.EstimateMultiplyAdds(search.Model(parameters), input, classes);

    public long TrainingMemoryBytes(IReadOnlyDictionary<string, double> parameters) =>
        ModelFactory.EstimateTrainingMemoryBytes(search.Model(parameters), input, classes, search.Recipe(parameters).BatchSize);
}
