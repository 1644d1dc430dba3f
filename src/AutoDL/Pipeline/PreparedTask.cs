using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;

namespace AutoDL.Pipeline;

/// <summary>
/// A task's data, prepared: the parts every task hands the pipeline, gathered in one place. Each task builds one from its
/// own data (its <c>Prepared…</c> class); the pipeline reads nothing else of the task.
/// </summary>
/// <param name="Objective">The validation metric the search selects on.</param>
/// <param name="Sizes">Examples in each split.</param>
/// <param name="Skipped">Files that could not be used, with the reason.</param>
/// <param name="StudyIdentity">Study attributes that must match for an earlier study to be continued.</param>
/// <param name="Search">The search space, its default configurations and sampler.</param>
/// <param name="Costs">Analytic costs of a configuration.</param>
/// <param name="Evaluator">What scores and evaluates a final model.</param>
/// <param name="Training">The task's side of training a configuration.</param>
/// <param name="Packaged">The package manifest's task section.</param>
internal sealed record PreparedTask(
    Objective Objective,
    SplitSizes Sizes,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyDictionary<string, string> StudyIdentity,
    ITaskSearch Search,
    IConfigurationCosts Costs,
    ITaskEvaluator Evaluator,
    Training.ITrainingTask Training,
    PackagedTask Packaged) : IPreparedTask
{
    /// <inheritdoc />
    public PackageManifest Manifest(BestModel model, EvaluationReport? test = null) => Packaged.Manifest(model, Objective, test);
}
