using AutoDL.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainingScheduleTests
{
    [Theory]
    [InlineData(LearningRateSchedule.OneCycle, OptimizerKind.SgdNesterov, 100, 140, 30)]
    [InlineData(LearningRateSchedule.OneCycle, OptimizerKind.SgdNesterov, 100, 70, 40)]
    [InlineData(LearningRateSchedule.OneCycle, OptimizerKind.AdamW, 100, 130, 60)]
    [InlineData(LearningRateSchedule.Cosine, OptimizerKind.SgdNesterov, 100, 60, 20)]
    public void A_resized_schedule_goes_on_as_one_of_the_new_length_would_have_from_the_start(LearningRateSchedule shape, OptimizerKind kind, int steps, int resizedTo, int resizedAt)
    {
        var config = new TrainingConfig(LearningRate: 0.05, Optimizer: kind, Schedule: shape);
        using var resizedLinear = nn.Linear(2, 2);
        using var freshLinear = nn.Linear(2, 2);
        using var resizedOptimizer = Trainer.CreateOptimizer(config, resizedLinear.parameters().ToList());
        using var freshOptimizer = Trainer.CreateOptimizer(config, freshLinear.parameters().ToList());
        using var resized = new TrainingSchedule(config, resizedOptimizer, steps);
        using var fresh = new TrainingSchedule(config, freshOptimizer, resizedTo);
        var before = new List<double>();
        for (int step = 0; step < resizedAt; step++)
        {
            before.Add(Rate(resizedOptimizer));
            resized.Step();
            fresh.Step();
        }

        resized.Resize(resizedTo);

        Assert.Equal(resizedTo, resized.TotalSteps);
        for (int step = resizedAt; step < resizedTo; step++)
        {
            Assert.Equal(Rate(freshOptimizer), Rate(resizedOptimizer), 12);
            Assert.Equal(Momentum(freshOptimizer), Momentum(resizedOptimizer), 12);
            resized.Step();
            fresh.Step();
        }
        // The schedule before the change was the old length's, not the new one's: the check above compares something.
        Assert.NotEqual(before[^1], RateAt(config, resizedTo, resizedAt - 1), 6);
    }

    [Fact]
    public void A_schedule_cannot_be_shortened_to_the_steps_already_taken()
    {
        var config = new TrainingConfig(LearningRate: 0.05);
        using var linear = nn.Linear(2, 2);
        using var optimizer = Trainer.CreateOptimizer(config, linear.parameters().ToList());
        using var schedule = new TrainingSchedule(config, optimizer, 50);
        for (int step = 0; step < 20; step++)
        {
            schedule.Step();
        }

        schedule.Resize(10);

        Assert.Equal(21, schedule.TotalSteps);
        Assert.True(double.IsFinite(Rate(optimizer)));
    }

    private static double RateAt(TrainingConfig config, int steps, int at)
    {
        using var linear = nn.Linear(2, 2);
        using var optimizer = Trainer.CreateOptimizer(config, linear.parameters().ToList());
        using var schedule = new TrainingSchedule(config, optimizer, steps);
        for (int step = 0; step < at; step++)
        {
            schedule.Step();
        }
        return Rate(optimizer);
    }

    private static double Rate(optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;

    private static double Momentum(optim.Optimizer optimizer) =>
        optimizer is SGD sgd ? sgd.ParamGroups.Cast<SGD.ParamGroup>().First().Options.momentum!.Value : 0;
}
