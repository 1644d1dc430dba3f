using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.SemanticSegmentation.Training;

/// <summary>
/// Turns a segmentation network's training images into optimiser steps: draws them shuffled, cuts a tile of each
/// (<see cref="TileSampler"/>), and takes one step on <see cref="SegmentationLoss"/>. The trainer, its cost probe and
/// the learning-rate finder all train through this.
/// </summary>
internal sealed class SegmentationSteps : ITrainingSteps
{
    private readonly IReadOnlyList<SegmentedImage> _train;
    private readonly TileSampler _sampler;
    private readonly IIndexStream _stream;
    private readonly int _side;
    private readonly Tensor? _classWeights;
    private readonly double _diceWeight;
    private readonly int _batchSize;
    private readonly bool _channelsLast;
    private readonly float[] _pixels;
    private readonly long[] _masks;

    // channelsLast: whether the trainer laid the network's convolutions out channels-last, so the input must match.
    public SegmentationSteps(IReadOnlyList<SegmentedImage> train, TileSampler sampler, int side, float[]? classWeights, double diceWeight, int batchSize, bool channelsLast, Random random)
    {
        ArgumentNullException.ThrowIfNull(train);
        _train = train;
        _sampler = sampler;
        _stream = new ShuffledStream(train.Count, random);
        _side = side;
        _classWeights = classWeights is null ? null : tensor(classWeights);
        _diceWeight = diceWeight;
        _batchSize = batchSize;
        _channelsLast = channelsLast;
        _pixels = new float[(long)batchSize * SegmentedImage.Channels * side * side];
        _masks = new long[(long)batchSize * side * side];
    }

    /// <inheritdoc/>
    public double TrainStep(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        int n = count ?? _batchSize;
        int tile = SegmentedImage.Channels * _side * _side, plane = _side * _side;
        for (int i = 0; i < n; i++)
        {
            _sampler.Write(_train[_stream.Next()], _pixels.AsSpan(i * tile, tile), _masks.AsSpan(i * plane, plane));
        }
        using var scope = NewDisposeScope();
        var x = tensor(n == _batchSize ? _pixels : _pixels.AsSpan(0, n * tile).ToArray(), [n, SegmentedImage.Channels, _side, _side]);
        var target = tensor(n == _batchSize ? _masks : _masks.AsSpan(0, n * plane).ToArray(), [n, _side, _side]);
        if (_channelsLast)
        {
            // Mixed layouts (channels-last weights, standard input) make libtorch pick slow kernels.
            x = ChannelsLast.Convert(x);
        }
        optimizer.zero_grad();
        var loss = SegmentationLoss.Compute(network.forward(x), target, _classWeights, _diceWeight);
        return OptimizerStep.Take(loss, optimizer);
    }

    public void Dispose() => _classWeights?.Dispose();
}
