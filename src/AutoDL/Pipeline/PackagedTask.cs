using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;

namespace AutoDL.Pipeline;

/// <summary>
/// What a task's packages say about the task and its data, the same for every model of a fit: the task and schema, the
/// classes, the input and how images become it, and the data summary. <see cref="Manifest"/> adds a model.
/// </summary>
/// <param name="Task">The task's name, e.g. "object-detection".</param>
/// <param name="Schema">What the network takes and gives.</param>
/// <param name="ClassNames">The classes, in output order.</param>
/// <param name="Input">The network's input.</param>
/// <param name="Preprocessing">How images become the input.</param>
/// <param name="Data">The data it was trained on.</param>
internal sealed record PackagedTask(string Task, ModelSchema Schema, IReadOnlyList<string> ClassNames, ImageShape Input, Preprocessing Preprocessing, DataSummary Data)
{
    /// <summary>The manifest of <paramref name="model"/>, selected on <paramref name="objective"/>, with its test report once evaluated.</summary>
    public PackageManifest Manifest(BestModel model, Objective objective, EvaluationReport? test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        return new PackageManifest
        {
            Task = Task,
            Schema = Schema,
            ClassNames = ClassNames,
            Input = Input,
            Preprocessing = Preprocessing,
            Model = model.Model,
            Training = model.Training,
            SearchTrial = model.Trial,
            Metrics = PackageMetrics.Of(model.ValidationScore, test) with { Metric = objective.MetricName, Direction = objective.Direction },
            Data = Data,
            Libraries = LibraryVersions.Current(),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
    }
}
