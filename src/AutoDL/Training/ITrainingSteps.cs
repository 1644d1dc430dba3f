using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>A task's stream of optimiser steps over its training examples: it draws, augments and batches them, and computes its loss.</summary>
public interface ITrainingSteps : IDisposable
{
    /// <summary>
    /// Takes one optimiser step on the next <paramref name="count"/> examples (a full batch when null) and returns the
    /// loss; a NaN or infinite loss means training diverged, and then no step is taken.
    /// </summary>
    double TrainStep(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, int? count = null);
}
