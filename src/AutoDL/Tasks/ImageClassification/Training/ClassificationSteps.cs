using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Internal;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>
/// Turns a classifier's training images into optimiser steps: draws images in the recipe's order (shuffled, or
/// class-balanced), augments them while still uint8 (crop, flip) and as tensors (policy, erasing, mixing), lays
/// them out channels-last where the network trains faster so, and takes one step on the weighted, smoothed
/// cross-entropy. The trainer, its cost probe and the learning-rate finder all train through this, so what is
/// timed and swept is what is trained.
/// </summary>
internal sealed class ClassificationSteps : ITrainingSteps
{
    private readonly ImageDataset _train;
    private readonly ImageShape _shape;
    private readonly BatchBuilder _builder;
    private readonly IIndexStream _stream;
    private readonly Random _random;
    private readonly AugmentationConfig _augmentation;
    private readonly StepLoss _loss;
    private readonly BatchAugmenter? _augmenter;
    private readonly float[] _input;
    private readonly long[] _targets;
    private readonly bool _channelsLast;

    public ClassificationSteps(ImageDataset train, NormalizationStats normalization, IReadOnlyList<float>? classWeights, ModelConfig model, TrainingConfig recipe, int batchSize, Random random)
    {
        _train = train;
        _shape = train.Shape;
        _random = random;
        _builder = new BatchBuilder(_shape, normalization);
        _stream = recipe.Balancing == ClassBalancing.BalancedSampling
            ? new BalancedStream(train.Labels, train.ClassNames.Count, random)
            : new ShuffledStream(train.Count, random);
        _augmentation = recipe.EffectiveAugmentation;
        _loss = new StepLoss(ClassWeights.ForLoss(recipe.Balancing, train.ClassCounts(), classWeights), recipe.LabelSmoothing);
        _augmenter = _augmentation.NeedsTensorOperations ? new BatchAugmenter(_augmentation, _shape, normalization, random) : null;
        _input = new float[(long)batchSize * _shape.PixelCount];
        _targets = new long[batchSize];
        _channelsLast = model.TrainsFasterChannelsLast;
    }

    /// <inheritdoc/>
    public double TrainStep(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, int? count = null)
    {
        int n = count ?? _targets.Length;
        Fill(n);
        using var scope = NewDisposeScope();
        var x = n * _shape.PixelCount == _input.Length
            ? tensor(_input, [n, _shape.Channels, _shape.Height, _shape.Width])
            : tensor(_input.AsSpan(0, n * _shape.PixelCount).ToArray(), [n, _shape.Channels, _shape.Height, _shape.Width]);
        var y = n == _targets.Length ? tensor(_targets) : tensor(_targets.AsSpan(0, n).ToArray());
        MixedTargets? mix = null;
        if (_augmenter is not null)
        {
            (x, mix) = _augmenter.Apply(x);
        }
        if (_channelsLast)
        {
            x = ChannelsLast.Convert(x);
        }
        optimizer.zero_grad();
        var logits = network.forward(x);
        var loss = _loss.Compute(logits, y);
        if (mix is not null)
        {
            // Mixed images learn both labels in the proportion they were mixed (Zhang et al., 2018).
            var partnerTargets = y.index_select(0, tensor(mix.Partners));
            using var weights = new HeldScalars();
            loss = loss.mul(weights.Of(mix.OwnWeight)).add(_loss.Compute(logits, partnerTargets).mul(weights.Of(1 - mix.OwnWeight)), HeldScalars.One);
        }
        return OptimizerStep.Take(loss, optimizer);
    }

    public void Dispose()
    {
        _loss.Dispose();
        _augmenter?.Dispose();
    }

    private void Fill(int n)
    {
        int pad = _augmentation.PadCrop;
        bool uint8Augmentation = pad > 0 || _augmentation.HorizontalFlip;
        for (int i = 0; i < n; i++)
        {
            int index = _stream.Next();
            var destination = _input.AsSpan(i * _shape.PixelCount, _shape.PixelCount);
            if (uint8Augmentation)
            {
                _builder.WriteAugmented(_train.Image(index), destination, _random.Next(-pad, pad + 1), _random.Next(-pad, pad + 1), _augmentation.HorizontalFlip && _random.Next(2) == 0);
            }
            else
            {
                _builder.Write(_train.Image(index), destination);
            }
            _targets[i] = _train.Labels[index];
        }
    }
}
