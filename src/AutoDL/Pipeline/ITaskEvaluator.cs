using System.Text.Json;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;

namespace AutoDL.Pipeline;

/// <summary>Scores candidate final models on the validation split and evaluates the chosen one on the test split.</summary>
internal interface ITaskEvaluator
{
    /// <summary>Whether mirrored inputs keep their targets, so that averaging each prediction with its mirror's may be tried.</summary>
    bool MirrorKeepsTargets { get; }

    /// <summary>Whether the task's predictions can be averaged over several networks, so that an ensemble with the runner-up may be tried.</summary>
    bool AveragesMembers { get; }

    /// <summary>The objective's value of <paramref name="model"/>'s predictions on the validation split.</summary>
    double ScoreOnValidation(FinalModel model);

    /// <summary>
    /// The calibration of <paramref name="model"/>'s confidence, fitted on the validation split; null where the task's
    /// outputs are not class probabilities, or where the split is too small to fit it on.
    /// </summary>
    ConfidenceCalibration? Calibrate(FinalModel model);

    /// <summary>
    /// What the final model's outputs look like on the data it learnt from, for monitoring in the package's
    /// <c>monitoring</c> section (a classifier's embedding profile); null where the task has none yet.
    /// </summary>
    JsonElement? MonitoringReference(FinalModel model);

    /// <summary>The final model, with its calibration, on the test split.</summary>
    EvaluationReport EvaluateOnTest(FinalModel model);
}
