using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>The initialisation every family shares, so that families compete on architecture, not on init.</summary>
internal static class WeightInit
{
    /// <summary>
    /// <see cref="Apply"/>, then every residual block starts as the identity (<see cref="IResidualBlock.ZeroInitResidual"/>).
    /// </summary>
    public static void ApplyWithIdentityResiduals(Module root)
    {
        Apply(root);
        foreach (var (_, module) in root.named_modules())
        {
            if (module is IResidualBlock block)
            {
                block.ZeroInitResidual();
            }
        }
    }

    /// <summary>
    /// Kaiming-normal (fan-out, ReLU gain) for convolutions, as in He et al. 2015 and torchvision: it keeps
    /// activation variance stable through deep ReLU stacks. Batch norms start as identity (weight 1, bias 0).
    /// The classifier starts near zero (N(0, 0.01)) so the first loss is close to ln(classes) and no class
    /// is favoured before training.
    /// </summary>
    public static void Apply(Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in root.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    if (conv.bias is not null)
                    {
                        init.zeros_(conv.bias);
                    }
                    break;
                case BatchNorm2d norm:
                    if (norm.weight is not null)
                    {
                        init.ones_(norm.weight);
                    }
                    if (norm.bias is not null)
                    {
                        init.zeros_(norm.bias);
                    }
                    break;
                case Linear linear:
                    init.normal_(linear.weight, 0, 0.01);
                    if (linear.bias is not null)
                    {
                        init.zeros_(linear.bias);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Zeroes a residual branch's last batch-norm scale, so the block starts as the identity. Goyal et al.
    /// 2017 ("Accurate, Large Minibatch SGD") and He et al. 2019 ("Bag of Tricks") report it trains
    /// faster and more stably, most of all early in training, which is where a time-boxed search lives.
    /// </summary>
    public static void ZeroResidualScale(BatchNorm2d norm)
    {
        using var noGrad = torch.no_grad();
        if (norm.weight is not null)
        {
            init.zeros_(norm.weight);
        }
    }
}
