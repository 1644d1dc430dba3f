using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Packaging;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>A task's data, imported, checked and split: what the shared pipeline searches, evaluates and packages with.</summary>
internal interface IPreparedTask
{
    /// <summary>The validation metric the search selects on, with its direction.</summary>
    Objective Objective { get; }

    /// <summary>Examples in each split.</summary>
    SplitSizes Sizes { get; }

    /// <summary>Files that could not be used, with the reason.</summary>
    IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>
    /// Study attributes, beyond the task, data path, seed and split sizes, that must match for an earlier study in the
    /// output folder to be continued (the class names, for a classifier).
    /// </summary>
    IReadOnlyDictionary<string, string> StudyIdentity { get; }

    /// <summary>The search space, its default configurations and sampler.</summary>
    ITaskSearch Search { get; }

    /// <summary>Analytic costs of a configuration, which let <see cref="TrialConstraints"/> reject one before it trains.</summary>
    IConfigurationCosts Costs { get; }

    /// <summary>What scores and evaluates a final model.</summary>
    ITaskEvaluator Evaluator { get; }

    /// <summary>The task's side of training a configuration: its splits, network, loss and validation metric.</summary>
    ITrainingTask Training { get; }

    /// <summary>The package manifest of <paramref name="model"/>: its task section (classes, input, preprocessing) and its metrics, with the test report once evaluated.</summary>
    PackageManifest Manifest(BestModel model, EvaluationReport? test = null);
}
