using System.Text.Json;
using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
using AutoDL.Pipeline;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Evaluation;
using AutoDL.Tasks.SemanticSegmentation.Training;
using AutoDL.Training;

namespace AutoDL.Tasks.SemanticSegmentation;

/// <summary>
/// Scores a final segmentation network on the validation split (mIoU) and reports its figures on the test split, on
/// whole images as validation during training does (<see cref="SegmentationTraining"/>).
/// </summary>
/// <remarks>
/// Delivered alone for now: averaging two networks' pixel logits is sound, but the shared ensemble and mirrored-input
/// averaging are written for a classifier's outputs (a mirrored image's mask must be mirrored back before averaging).
/// </remarks>
internal sealed class SegmentationEvaluator(SegmentationTraining training, IReadOnlyList<SegmentedImage> validation, IReadOnlyList<SegmentedImage> test) : ITaskEvaluator
{
    public bool MirrorKeepsTargets => false;

    public bool AveragesMembers => false;

    public double ScoreOnValidation(FinalModel model) => Score(model, validation).MeanIoU ?? 0;

    /// <summary>Pixel and box scores are not one probability per class for a whole image: nothing to calibrate here.</summary>
    public ConfidenceCalibration? Calibrate(FinalModel model) => null;

    /// <summary>Not profiled yet: drift and unusual inputs are monitored for classifiers only.</summary>
    public JsonElement? MonitoringReference(FinalModel model) => null;

    public EvaluationReport EvaluateOnTest(FinalModel model) => Score(model, test);

    private SegmentationReport Score(FinalModel model, IReadOnlyList<SegmentedImage> images)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Members.Count != 1 || model.TestTimeFlip)
        {
            throw new ArgumentException("A segmentation network is scored alone, without an ensemble or mirrored inputs.", nameof(model));
        }
        using var network = training.CreateNetwork(model.Primary.Model);
        WeightsSerializer.Load(network, model.Primary.Weights);
        return training.Test(network, images);
    }
}
