using System.Text.Json;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
using AutoDL.Pipeline;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;
using AutoDL.Tasks.ObjectDetection.Training;
using AutoDL.Training;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>
/// Scores a final detector on the validation split (COCO mAP@[.5:.95]) and reports COCO's figures on the test split,
/// decoding exactly as validation during training does (<see cref="DetectionTraining"/>).
/// </summary>
/// <remarks>
/// A detector is delivered alone: averaging two detectors' outputs location by location is meaningless when their
/// pyramids differ, and a mirrored image's detections must be mirrored back and merged box by box, not averaged. Both
/// need box-level fusion, which this version does not do, so the final choice never tries them.
/// </remarks>
internal sealed class DetectionEvaluator(DetectionTraining training, DetectionSet validation, DetectionSet test) : ITaskEvaluator
{
    public bool MirrorKeepsTargets => false;

    public bool AveragesMembers => false;

    public double ScoreOnValidation(FinalModel model) => Score(model, validation).Map ?? 0;

    /// <summary>Pixel and box scores are not one probability per class for a whole image: nothing to calibrate here.</summary>
    public ConfidenceCalibration? Calibrate(FinalModel model) => null;

    /// <summary>Not profiled yet: drift and unusual inputs are monitored for classifiers only.</summary>
    public JsonElement? MonitoringReference(FinalModel model) => null;

    public EvaluationReport EvaluateOnTest(FinalModel model) => Score(model, test);

    private DetectionReport Score(FinalModel model, DetectionSet set)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Members.Count != 1 || model.TestTimeFlip)
        {
            throw new ArgumentException("A detector is scored alone, without an ensemble or mirrored inputs.", nameof(model));
        }
        using var network = training.CreateNetwork(model.Primary.Model);
        WeightsSerializer.Load(network, model.Primary.Weights);
        return training.Test(network, set);
    }
}
