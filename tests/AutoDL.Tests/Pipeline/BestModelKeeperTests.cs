using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Search;
using AutoDL.Pipeline;
using AutoDL.Training;

namespace AutoDL.Tests.Pipeline;

public sealed class BestModelKeeperTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-keeper-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_runner_up_is_the_best_model_of_any_other_trial_and_the_best_moves_down_when_overtaken()
    {
        var keeper = NewKeeper(out var path);

        Assert.True(Offer(keeper, trial: 0, 0.50));
        Assert.True(Offer(keeper, trial: 0, 0.60));
        Assert.Null(keeper.RunnerUp);
        Assert.False(Offer(keeper, trial: 1, 0.55));
        Assert.Equal((1, 0.55), Of(keeper.RunnerUp));
        Assert.False(Offer(keeper, trial: 2, 0.52));
        Assert.False(Offer(keeper, trial: 1, 0.58));
        Assert.Equal((1, 0.58), Of(keeper.RunnerUp));

        Assert.True(Offer(keeper, trial: 1, 0.70));

        Assert.Equal((1, 0.70), Of(keeper.Best));
        Assert.Equal((0, 0.60), Of(keeper.RunnerUp));
        Assert.Equal(1, ModelPackage.Read(path).Manifest.SearchTrial);
        Assert.Equal(Weights(1, 0.70), keeper.Best!.Weights);
        Assert.Equal(Weights(0, 0.60), keeper.RunnerUp!.Weights);

        Assert.False(Offer(keeper, trial: 2, 0.65));
        Assert.Equal((2, 0.65), Of(keeper.RunnerUp));
    }

    [Fact]
    public void A_tie_with_the_best_does_not_replace_it_but_can_be_the_runner_up()
    {
        var keeper = NewKeeper(out _);
        Offer(keeper, trial: 0, 0.60);

        Assert.False(Offer(keeper, trial: 1, 0.60));

        Assert.Equal((0, 0.60), Of(keeper.Best));
        Assert.Equal((1, 0.60), Of(keeper.RunnerUp));
    }

    [Fact]
    public void A_package_that_cannot_be_written_stops_the_study_with_the_path_and_keeps_the_best_unchanged()
    {
        var blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var keeper = NewKeeper(out var path, Path.Combine(blocker, ModelPackage.FileName));

        var error = Assert.Throws<AutoDL.Search.StudyCannotContinueException>(() => Offer(keeper, trial: 0, 0.5));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("--output", error.Message, StringComparison.Ordinal);
        Assert.Null(keeper.Best);
    }

    [Fact]
    public void Given_a_metric_to_minimise_then_the_lower_score_is_kept_and_the_next_lowest_is_the_runner_up()
    {
        var keeper = NewKeeper(out _, direction: MetricDirection.Minimize);

        Assert.True(Offer(keeper, trial: 0, 0.40));
        Assert.False(Offer(keeper, trial: 1, 0.45));
        Assert.True(Offer(keeper, trial: 2, 0.30));

        Assert.Equal((2, 0.30), Of(keeper.Best));
        Assert.Equal((0, 0.40), Of(keeper.RunnerUp));
    }

    private BestModelKeeper NewKeeper(out string path, string? at = null, MetricDirection direction = MetricDirection.Maximize)
    {
        path = at ?? Path.Combine(_folder, ModelPackage.FileName);
        return new BestModelKeeper(path, direction, best => new PackageManifest
        {
            Task = "image-classification",
            ClassNames = ["a", "b"],
            Input = new AutoDL.Data.ImageShape(1, 4, 4),
            Preprocessing = new Preprocessing("none", [0f], [1f]),
            Model = best.Model,
            Training = best.Training,
            SearchTrial = best.Trial,
            Metrics = new PackageMetrics(best.ValidationScore, null),
        });
    }

    private static bool Offer(BestModelKeeper keeper, int trial, double score) =>
        keeper.Offer(trial, score, new PlainCnnConfig(1, 4), new TrainingConfig(), Weights(trial, score));

    /// <summary>Distinct bytes for each (trial, score), so the test can tell which offer's weights were kept.</summary>
    private static byte[] Weights(int trial, double score) => [(byte)trial, (byte)Math.Round(score * 100)];

    private static (int Trial, double Score)? Of(BestModel? model) => model is null ? null : (model.Trial, model.ValidationScore);
}
