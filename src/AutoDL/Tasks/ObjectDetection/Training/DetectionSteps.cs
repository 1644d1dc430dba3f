using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Training;

/// <summary>
/// Turns a detector's training images into optimiser steps: draws them shuffled, normalises them, warps images and
/// boxes together (<see cref="BoxAwareAugmenter"/>), computes each location's targets and takes one step on
/// <see cref="FcosLoss"/>. The trainer, its cost probe and the learning-rate finder all train through this.
/// </summary>
internal sealed class DetectionSteps : ITrainingSteps
{
    private readonly DetectionSet _train;
    private readonly BatchBuilder _builder;
    private readonly IIndexStream _stream;
    private readonly BoxAwareAugmenter? _augmenter;
    private readonly Tensor _points;
    private readonly int _classes;
    private readonly double _boxWeight;
    private readonly float[] _input;
    private readonly int _batchSize;
    private readonly bool _channelsLast;

    // channelsLast: whether the trainer laid the network's convolutions out channels-last, so the input must match.
    public DetectionSteps(DetectionSet train, NormalizationStats normalization, DetectorLayout layout, int classes, DetectionAugmentation augmentation, double boxWeight, int batchSize, bool channelsLast, Random random)
    {
        _channelsLast = channelsLast;
        _train = train;
        _builder = new BatchBuilder(train.Shape, normalization);
        _stream = new ShuffledStream(train.Count, random);
        _augmenter = augmentation == DetectionAugmentation.None ? null : new BoxAwareAugmenter(augmentation, train.Shape, random);
        _points = layout.Points();
        _classes = classes;
        _boxWeight = boxWeight;
        _batchSize = batchSize;
        _input = new float[(long)batchSize * train.Shape.PixelCount];
    }

    /// <inheritdoc/>
    public double TrainStep(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, int? count = null)
    {
        int n = count ?? _batchSize;
        var shape = _train.Shape;
        var objects = new IReadOnlyList<ObjectAnnotation>[n];
        for (int i = 0; i < n; i++)
        {
            int index = _stream.Next();
            _builder.Write(_train.Image(index), _input.AsSpan(i * shape.PixelCount, shape.PixelCount));
            objects[i] = _train.Objects[index];
        }
        using var scope = NewDisposeScope();
        var x = tensor(n == _batchSize ? _input : _input.AsSpan(0, n * shape.PixelCount).ToArray(), [n, shape.Channels, shape.Height, shape.Width]);
        IReadOnlyList<IReadOnlyList<ObjectAnnotation>> boxes = objects;
        if (_augmenter is not null)
        {
            (x, var moved) = _augmenter.Apply(x, objects);
            boxes = moved;
        }
        if (_channelsLast)
        {
            // Mixed layouts (channels-last weights, standard input) make libtorch pick slow kernels.
            x = ChannelsLast.Convert(x);
        }
        var targets = FcosTargets.Stack([.. boxes.Select(o => FcosTargets.For(_points, o, _classes))]);
        optimizer.zero_grad();
        var (loss, _, _, _) = FcosLoss.Compute(network.forward(x), _points, targets, _boxWeight);
        return OptimizerStep.Take(loss, optimizer);
    }

    public void Dispose() => _points.Dispose();
}
