using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>The end of every task's training step: the loss's value, and one optimiser step on it unless it diverged.</summary>
internal static class OptimizerStep
{
    /// <summary>Backpropagates <paramref name="loss"/> and steps <paramref name="optimizer"/>; a NaN or infinite loss takes no step.</summary>
    /// <returns>The loss's value (NaN or infinite when training diverged).</returns>
    public static double Take(Tensor loss, optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        double value = loss.item<float>();
        if (!double.IsFinite(value))
        {
            return value;
        }
        loss.backward();
        optimizer.step();
        return value;
    }
}
