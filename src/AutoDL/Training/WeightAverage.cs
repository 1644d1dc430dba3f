using AutoDL.Internal;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// An exponential moving average of a network's weights and batch-norm statistics, kept in a second copy of the
/// network (Polyak averaging, as timm's ModelEma does it). While one-cycle's learning rate is high, the raw weights
/// bounce around a good region and their average sits nearer its middle, so the averaged network validates better
/// mid-run: the model a fit holds at any moment is better for it.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _averaged;
    private readonly (Tensor Average, Tensor Live)[] _floats;
    private readonly (Tensor Average, Tensor Live)[] _counters;
    private readonly double _decay;
    private long _updates;

    /// <summary>Starts an average of <paramref name="live"/> spanning <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public WeightAverage(TrainingRequest request, nn.Module<Tensor, Tensor> live, double epochs, int stepsPerEpoch)
    {
        if (!(epochs > 0) || stepsPerEpoch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), $"An average spans a positive number of epochs of at least one step (got {epochs} epochs of {stepsPerEpoch} steps).");
        }
        // Building the copy draws initial weights from torch's generator; the training that follows must draw what it
        // would have drawn without the average, so a run with it differs from one without only in what is validated.
        using (var state = get_rng_state())
        {
            _averaged = TrainingNetwork.Create(request);
            set_rng_state(state);
        }
        _averaged.eval();
        var averages = _averaged.state_dict();
        var pairs = live.state_dict().Select(entry => (Average: averages[entry.Key], Live: entry.Value)).ToList();
        _floats = [.. pairs.Where(pair => pair.Live.is_floating_point())];
        _counters = [.. pairs.Where(pair => !pair.Live.is_floating_point())];
        _decay = 1 - (1 / (epochs * stepsPerEpoch));
        using var noGrad = no_grad();
        foreach (var (average, value) in pairs)
        {
            average.copy_(value);
        }
    }

    /// <summary>The averaged network, in evaluation mode.</summary>
    public nn.Module<Tensor, Tensor> Network => _averaged;

    /// <summary>Moves the average towards the live network's current weights; call after every optimiser step.</summary>
    public void Update()
    {
        _updates++;
        // At first the average would be mostly the random initialisation, so it follows the weights closely until
        // enough steps have passed (the warm-up of TensorFlow's ExponentialMovingAverage and timm).
        double decay = Math.Min(_decay, (1.0 + _updates) / (10.0 + _updates));
        using var noGrad = no_grad();
        using var scalars = new HeldScalars();
        var keep = scalars.Of(decay);
        var take = scalars.Of(1 - decay);
        foreach (var (average, live) in _floats)
        {
            average.mul_(keep).add_(live, alpha: take);
        }
        foreach (var (average, live) in _counters)
        {
            average.copy_(live);
        }
    }

    public void Dispose() => _averaged.Dispose();
}
