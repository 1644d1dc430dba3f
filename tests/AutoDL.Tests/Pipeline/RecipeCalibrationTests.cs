using AutoDL.Search.Storage;
using AutoDL.Pipeline;

namespace AutoDL.Tests.Pipeline;

public sealed class RecipeCalibrationTests
{
    [Fact]
    public void A_study_keeps_its_calibration_so_a_resumed_run_searches_the_same_space()
    {
        using var store = new InMemoryStudyStore();
        new RecipeCalibration(256, 0.0443, RangeTested: true).Save(store);

        var loaded = RecipeCalibration.Load(store);

        Assert.Equal(new RecipeCalibration(256, 0.0443, RangeTested: true), loaded);
    }

    [Fact]
    public void A_range_test_tried_without_a_suggestion_is_not_tried_again_but_one_never_tried_is()
    {
        using var tried = new InMemoryStudyStore();
        using var untried = new InMemoryStudyStore();
        new RecipeCalibration(128, null, RangeTested: true).Save(tried);
        new RecipeCalibration(128, null).Save(untried);

        Assert.Equal(new RecipeCalibration(128, null, RangeTested: true), RecipeCalibration.Load(tried));
        Assert.Equal(new RecipeCalibration(128, null), RecipeCalibration.Load(untried));
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
