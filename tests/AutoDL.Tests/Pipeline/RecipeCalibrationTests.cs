using AutoDL.Search.Storage;
using AutoDL.Pipeline;

namespace AutoDL.Tests.Pipeline;

public sealed class RecipeCalibrationTests
{
    [Fact]
    public void A_study_keeps_its_calibration_so_a_resumed_run_searches_the_same_space()
    {
        using var store = new InMemoryStudyStore();
        new RecipeCalibration(256, 0.0443).Save(store);

        var loaded = RecipeCalibration.Load(store);

        Assert.Equal(new RecipeCalibration(256, 0.0443), loaded);
    }

    [Fact]
    public void A_study_from_before_calibration_has_none()
    {
        using var store = new InMemoryStudyStore();

        Assert.Null(RecipeCalibration.Load(store));
    }

    [Fact]
    public void Calibrating_again_without_a_range_test_forgets_the_old_suggestion()
    {
        // A run killed before its first trial calibrates again; if its range test is skipped, the old rate must not come back.
        using var store = new InMemoryStudyStore();
        new RecipeCalibration(128, 0.05).Save(store);
        new RecipeCalibration(64, null).Save(store);

        Assert.Equal(new RecipeCalibration(64, null), RecipeCalibration.Load(store));
    }
}
