using AutoDL.Runtime;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// The learning-rate range test (Smith, "Cyclical Learning Rates", 2017; fastai's lr_find): train a fresh network
/// for a few dozen steps while the learning rate rises exponentially, smooth the loss, and stop once it blows up.
/// The suggestion is a tenth of the rate at the lowest smoothed loss: the minimum itself is already at the edge of
/// instability, while a tenth of it still learns fast. The smoothing (β = 0.98 with bias correction) and the stop
/// rule (four times the best loss) follow fastai.
/// </summary>
public static class LearningRateFinder
{
    private const double Smoothing = 0.98;
    private const double DivergenceFactor = 4;

    /// <summary>Sweeps from <paramref name="from"/> to <paramref name="to"/> over <paramref name="steps"/> batches of the request's recipe.</summary>
    public static LearningRateSweep Run(TrainingRequest request, double from = 1e-5, double to = 1, int steps = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!(from > 0 && to > from && steps >= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"The sweep needs 0 < from < to and at least 10 steps (got {from}, {to}, {steps}).");
        }
        TorchRuntime.Initialize();
        manual_seed(request.Seed);
        var random = new Random(request.Seed);
        int batchSize = Math.Min(request.Training.BatchSize, request.Task.TrainCount);
        using var network = TrainingNetwork.Create(request);
        using var optimizer = Trainer.CreateOptimizer(request.Training with { LearningRate = from }, network.parameters().ToList());
        using var batches = request.Task.CreateSteps(request.Model, request.Training, batchSize, random);
        var rates = new List<double>();
        var losses = new List<double>();
        double average = 0, best = double.PositiveInfinity, bestRate = from;
        bool diverged = false;
        for (int step = 0; step < steps && !cancellationToken.IsCancellationRequested; step++)
        {
            double rate = from * Math.Pow(to / from, step / (double)(steps - 1));
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = rate;
            }
            double loss = batches.TrainStep(network, optimizer);
            if (!double.IsFinite(loss))
            {
                diverged = true;
                break;
            }
            average = Smoothing * average + (1 - Smoothing) * loss;
            double smoothed = average / (1 - Math.Pow(Smoothing, step + 1));
            rates.Add(rate);
            losses.Add(smoothed);
            if (smoothed < best)
            {
                (best, bestRate) = (smoothed, rate);
            }
            else if (smoothed > DivergenceFactor * best)
            {
                diverged = true;
                break;
            }
        }
        return new LearningRateSweep(rates, losses, bestRate, Math.Max(from, bestRate / 10), diverged);
    }
}
