using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Training;

namespace AutoDL.Tests.Pipeline;

/// <summary>A task search reduced to what the budget policy reads: a default ladder of widths and their epochs.</summary>
internal sealed class LadderSearch(IReadOnlyList<int> widths, int targetEpochs) : ITaskSearch
{
    public IReadOnlyList<int> BatchSizeChoices => [128];

    public int DefaultBatchSize => 128;

    public int TargetEpochs => targetEpochs;

    public IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) =>
        [.. widths.Select(w => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["width"] = w, ["epochs"] = 1 })];

    public IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs) =>
        new Dictionary<string, double>(parameters) { ["epochs"] = epochs };

    public IReadOnlyDictionary<string, double> FirstLook(int batchSize) => WithEpochs(DefaultLadder(batchSize)[0], 1);

    public SearchSpace Space(RecipeCalibration calibration) => throw new NotSupportedException();

    public ModelConfig Model(IReadOnlyDictionary<string, double> parameters) => throw new NotSupportedException();

    public TrainingConfig Recipe(IReadOnlyDictionary<string, double> parameters) => throw new NotSupportedException();

    public IReadOnlyList<IReadOnlyDictionary<string, double>> Portfolio(RecipeCalibration calibration) => throw new NotSupportedException();

    public ISampler NewSampler() => throw new NotSupportedException();
}
