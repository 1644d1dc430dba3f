using System.Diagnostics;
using AutoDL.Models;
using AutoDL.Runtime;
using AutoDL.Search;
using AutoDL.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// Trains one network on a task's examples (<see cref="ITrainingTask"/>): seeded, every batch in its own dispose scope so memory
/// stays flat across epochs, the best epoch's weights kept, early stopping and pruning between epochs,
/// and cancellation honoured between batches.
/// </summary>
public sealed class Trainer
{
    private const int ProgressEveryBatches = 10;

    /// <summary>Trains the request's network and returns its best epoch.</summary>
    public TrainingResult Train(TrainingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = request.Training;
        Validate(request);
        TorchRuntime.Initialize();

        var stopwatch = Stopwatch.StartNew();
        torch.manual_seed(request.Seed);
        var random = new Random(request.Seed);
        var task = request.Task;

        using var network = TrainingNetwork.Create(request);
        long parameterCount = ModelFactory.CountParameters(network);
        var parameters = network.parameters().ToList();
        using var optimizer = CreateOptimizer(config, parameters);
        int batchSize = Math.Min(config.BatchSize, task.TrainCount);
        int examplesPerEpoch = Math.Clamp(request.ExamplesPerEpoch ?? task.TrainCount, batchSize, task.TrainCount);
        // A final batch of one example would break batch norm in training mode, so it is dropped.
        int stepsPerEpoch = examplesPerEpoch / batchSize + (examplesPerEpoch % batchSize >= 2 ? 1 : 0);
        int epochs = config.Epochs;
        using var schedule = new TrainingSchedule(config, optimizer, epochs * stepsPerEpoch);

        var history = new List<EpochReport>();
        byte[]? bestWeights = null;
        var direction = task.Direction;
        double? bestScore = null;
        double bestLoss = double.PositiveInfinity;
        int lastScoreGain = 0;
        int bestEpoch = 0;
        var stopReason = StopReason.Completed;
        using var batches = task.CreateSteps(request.Model, config, batchSize, random);
        using var average = config.WeightAveraging > 0 ? new WeightAverage(request, network, config.WeightAveraging, stepsPerEpoch) : null;
        // What is validated and kept: the average when there is one, else the network as trained.
        var kept = average?.Network ?? network;

        for (int epoch = 1; epoch <= epochs && stopReason == StopReason.Completed; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            network.train();
            double lossSum = 0;
            int lossCount = 0;
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    stopReason = StopReason.Cancelled;
                    break;
                }
                int n = Math.Min(batchSize, examplesPerEpoch - step * batchSize);
                double batchLoss = batches.TrainStep(network, optimizer, n);
                schedule.Step();
                average?.Update();
                if (!double.IsFinite(batchLoss))
                {
                    stopReason = StopReason.Diverged;
                    break;
                }
                lossSum += batchLoss;
                lossCount++;
                if (request.OnBatch is not null && (step % ProgressEveryBatches == 0 || step == stepsPerEpoch - 1))
                {
                    request.OnBatch(step + 1, stepsPerEpoch);
                }
            }
            if (stopReason != StopReason.Completed)
            {
                break;
            }

            var validationStart = epochClock.Elapsed;
            var (valLoss, valScore) = task.Validate(kept);
            var report = new EpochReport(epoch, lossSum / Math.Max(1, lossCount), valLoss, valScore, epochClock.Elapsed.TotalSeconds, (epochClock.Elapsed - validationStart).TotalSeconds);
            history.Add(report);
            if (request.Replan is { } replan && epoch < epochs)
            {
                // Before the epoch's outcome is reported, so that the report carries the epochs now planned.
                epochs = Math.Max(epoch + 1, replan(epoch, epochs));
                schedule.Resize(epochs * stepsPerEpoch);
            }
            byte[]? improved = null;
            // On a tie the lower validation loss wins: on a small or easy validation set the metric saturates early,
            // and keeping the first epoch that reached it would keep a barely trained network.
            bool gained = !double.IsNaN(valScore) && (bestScore is not { } previous || direction.IsBetter(valScore, previous));
            if (gained)
            {
                lastScoreGain = epoch;
            }
            if (gained || (valScore == bestScore && valLoss < bestLoss))
            {
                bestScore = valScore;
                bestLoss = valLoss;
                bestEpoch = epoch;
                improved = bestWeights = WeightsSerializer.Save(kept);
            }
            if (request.OnEpoch is not null && !request.OnEpoch(new EpochOutcome(report, improved)))
            {
                stopReason = StopReason.Pruned;
            }
            // Not during the first half: one-cycle and cosine keep the learning rate high there, validation
            // accuracy swings, and stopping would discard a run before it anneals (seen on the 1,000-image sample).
            // Patience counts epochs without a better metric: a loss that only creeps down on a saturated metric
            // is worth keeping the weights for, not worth the budget of further epochs.
            else if (config.EarlyStoppingPatience > 0 && epoch > epochs / 2 && epoch - lastScoreGain >= config.EarlyStoppingPatience)
            {
                stopReason = StopReason.EarlyStopped;
            }
        }

        return new TrainingResult(history, bestEpoch, bestScore ?? 0, bestWeights, stopReason, stopwatch.Elapsed.TotalSeconds, parameterCount);
    }

    /// <summary>
    /// Measures what the request's network costs on this machine by timing a few real training steps and one
    /// evaluation pass of a freshly built copy; the search uses it to give each trial as many epochs as the
    /// time left allows.
    /// </summary>
    public TrainingCost MeasureCost(TrainingRequest request, int timedSteps = 5)
    {
        // The first measurements in a process also pay libtorch's one-off start-up (thread pools, kernel and
        // allocator caches), and it outlasts one measurement: repeating the first once still predicted 40.7 s
        // epochs on Fashion-MNIST where the next network measured 24.9 s and both took 26-33 s
        // (bench/results/recipes-fashion-mnist-10ep.json), and a 5-minute fit's default got 5 epochs where 8 fitted.
        // So the first time, it is measured until the estimate stops falling, or until measuring has taken longer than
        // an epoch: on small data a wrong estimate costs less than measuring again.
        var clock = Stopwatch.StartNew();
        var cost = MeasureCostOnce(request, timedSteps);
        if (Interlocked.Exchange(ref _processWarmedUp, 1) == 0)
        {
            for (int repeat = 0; repeat < MaxWarmUpRepeats && clock.Elapsed.TotalSeconds < cost.EpochSeconds(request.Task.TrainCount, request.Task.ValidationCount); repeat++)
            {
                var again = MeasureCostOnce(request, timedSteps);
                bool stillFalling = again.TrainSecondsPerImage < SteadyRatio * cost.TrainSecondsPerImage;
                cost = again;
                if (!stillFalling)
                {
                    break;
                }
            }
        }
        return cost;
    }

    private const int MaxWarmUpRepeats = 5;

    /// <summary>A repeat measured within a tenth of the one before counts as steady.</summary>
    private const double SteadyRatio = 0.9;

    private static int _processWarmedUp;

    private TrainingCost MeasureCostOnce(TrainingRequest request, int timedSteps)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        TorchRuntime.Initialize();
        var task = request.Task;
        int batchSize = Math.Min(request.Training.BatchSize, task.TrainCount);
        using var network = TrainingNetwork.Create(request);
        using var optimizer = CreateOptimizer(request.Training, network.parameters().ToList());
        // Through the same batches as training, augmentation included: tensor augmentation costs time per step too,
        // and an estimate without it would let epochs overrun the budget.
        using var batches = task.CreateSteps(request.Model, request.Training, batchSize, new Random(0));
        // The first steps pay one-off costs (allocator warm-up, kernel selection), so they are not timed; the
        // median of the timed steps ignores a step slowed by something else on the machine.
        batches.TrainStep(network, optimizer);
        batches.TrainStep(network, optimizer);
        var stepSeconds = new double[timedSteps];
        var clock = new Stopwatch();
        for (int s = 0; s < timedSteps; s++)
        {
            clock.Restart();
            batches.TrainStep(network, optimizer);
            stepSeconds[s] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(stepSeconds);
        double trainPerImage = stepSeconds[timedSteps / 2] / batchSize;
        // Evaluation mode runs other kernels with their own first-call costs: warm them up on the same batch
        // size before timing, or the estimate of every epoch's validation is several times too high.
        int evalCount = Math.Min(task.TrainCount, NetworkRunner.DefaultBatchSize);
        task.Evaluate(network, evalCount);
        clock.Restart();
        task.Evaluate(network, evalCount);
        return new TrainingCost(trainPerImage, clock.Elapsed.TotalSeconds / evalCount);
    }

    internal static optim.Optimizer CreateOptimizer(TrainingConfig config, IList<Parameter> parameters) => config.Optimizer switch
    {
        OptimizerKind.AdamW => new HeldScalarAdamW(parameters, config.LearningRate, config.WeightDecay),
        OptimizerKind.SgdNesterov => new HeldScalarSgd(parameters, config.LearningRate, momentum: 0.9, config.WeightDecay, nesterov: true),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Optimizer, "Unknown optimiser."),
    };

    private static void Validate(TrainingRequest request)
    {
        var c = request.Training;
        if (c.Epochs < 1 || c.BatchSize < 2 || !(c.LearningRate > 0) || c.WeightDecay < 0 || c.LabelSmoothing is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), c, "Training needs epochs ≥ 1, batch size ≥ 2, a positive learning rate, non-negative weight decay and label smoothing in [0,1).");
        }
        if (request.Task.TrainCount < 2 || request.Task.ValidationCount < 1)
        {
            throw new ArgumentException("Training needs at least two training examples and one validation example.", nameof(request));
        }
    }
}
