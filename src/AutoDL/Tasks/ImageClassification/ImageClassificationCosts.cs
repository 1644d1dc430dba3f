using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Pipeline;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>A configuration's costs as <see cref="ModelFactory"/> counts them for a classifier of <paramref name="input"/>-shaped images into <paramref name="classes"/> classes.</summary>
internal sealed class ImageClassificationCosts(ImageShape input, int classes) : IConfigurationCosts
{
    public long Parameters(IReadOnlyDictionary<string, double> parameters) =>
        ModelFactory.EstimateParameters(ImageClassificationSearchSpace.ToModel(parameters, input), input, classes);

    public long MultiplyAdds(IReadOnlyDictionary<string, double> parameters) =>
        ModelFactory.EstimateMultiplyAdds(ImageClassificationSearchSpace.ToModel(parameters, input), input, classes);

    public long TrainingMemoryBytes(IReadOnlyDictionary<string, double> parameters) => ModelFactory.EstimateTrainingMemoryBytes(
        ImageClassificationSearchSpace.ToModel(parameters, input),
        input,
        classes,
        ImageClassificationSearchSpace.ToTraining(parameters).BatchSize);
}
