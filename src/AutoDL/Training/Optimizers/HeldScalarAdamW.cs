using AutoDL.Internal;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Training.Optimizers;

/// <summary>
/// TorchSharp's AdamW update (decoupled weight decay, bias-corrected moments), with every number it hands libtorch
/// held alive for the call (see <see cref="HeldScalars"/>). TorchSharp's own step passes hundreds of unheld scalars
/// per batch, which is where the finalizer race struck.
/// </summary>
internal sealed class HeldScalarAdamW : TorchSharp.Modules.AdamW
{
    public HeldScalarAdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
        : base(parameters, learningRate, weight_decay: weightDecay)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
        double eps = options.eps!.Value, weightDecay = options.weight_decay!.Value, lr = options.LearningRate!.Value;
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }
            var state = (State)_state[parameter.Handle];
            state.step += 1;
            double correction1 = 1 - Math.Pow(beta1, state.step);
            double correction2 = 1 - Math.Pow(beta2, state.step);

            using var scalars = new HeldScalars();
            parameter.mul_(scalars.Of(1 - (lr * weightDecay)));
            state.exp_avg.mul_(scalars.Of(beta1)).add_(grad, alpha: scalars.Of(1 - beta1));
            state.exp_avg_sq.mul_(scalars.Of(beta2)).addcmul_(grad, grad, value: scalars.Of(1 - beta2));
            var denominator = state.exp_avg_sq.sqrt().div_(scalars.Of(Math.Sqrt(correction2))).add_(scalars.Of(eps));
            parameter.addcdiv_(state.exp_avg, denominator, value: scalars.Of(-lr / correction1));
        }
    }, closure);
}
