using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>The detector's search (<see cref="DetectionSearchSpace"/>) for <paramref name="input"/>-shaped images.</summary>
internal sealed class ObjectDetectionSearch(ImageShape input) : AdamWTaskSearch
{
    protected override SearchSpace FullSpace => DetectionSearchSpace.Space;

    public override IReadOnlyList<int> BatchSizeChoices => DetectionSearchSpace.BatchSizeChoices;

    public override int DefaultBatchSize => DetectionSearchSpace.DefaultBatchSize;

    /// <summary>
    /// A detector trained from scratch needs a long schedule (He et al., "Rethinking ImageNet Pre-training", 2019: about
    /// three times a pre-trained one's). Measured on the benchmark's set (bench/results/detection-fit-10m.md): the
    /// PyTorch peer's validation mAP went on rising from 0.50 at epoch 14 to 0.62 at epoch 29 of 35, and a 10-minute fit
    /// that gave 12 epochs to the narrowest default and 17 to a twice-wider one ended below it. So the default gets up to
    /// 40 epochs before a wider one is preferred.
    /// </summary>
    public override int TargetEpochs => 40;

    public override IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) => DetectionSearchSpace.DefaultLadder(batchSize);

    public override ModelConfig Model(IReadOnlyDictionary<string, double> parameters) => DetectionSearchSpace.ToModel(parameters, input);

    protected override double DefaultLearningRateAt(int batchSize) => DetectionSearchSpace.DefaultLearningRateAt(batchSize);

    protected override bool IsArchitecture(SearchParameter parameter) => DetectionSearchSpace.IsArchitecture(parameter);
}
