using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;

namespace AutoDL.Tasks.SemanticSegmentation;

/// <summary>The segmentation search (<see cref="SegmentationSearchSpace"/>) for training tiles of <paramref name="tile"/>'s shape.</summary>
internal sealed class SemanticSegmentationSearch(ImageShape tile) : AdamWTaskSearch
{
    protected override SearchSpace FullSpace => SegmentationSearchSpace.Space;

    public override IReadOnlyList<int> BatchSizeChoices => SegmentationSearchSpace.BatchSizeChoices;

    public override int DefaultBatchSize => SegmentationSearchSpace.DefaultBatchSize;

    /// <summary>A network trained from scratch, as the detector: 40 epochs before a wider one is preferred (not yet measured for segmentation).</summary>
    public override int TargetEpochs => 40;

    public override IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) => SegmentationSearchSpace.DefaultLadder(batchSize);

    public override ModelConfig Model(IReadOnlyDictionary<string, double> parameters) => SegmentationSearchSpace.ToModel(parameters, tile);

    protected override double DefaultLearningRateAt(int batchSize) => SegmentationSearchSpace.DefaultLearningRateAt(batchSize);

    protected override bool IsArchitecture(SearchParameter parameter) => SegmentationSearchSpace.IsArchitecture(parameter);
}
