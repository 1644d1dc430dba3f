using AutoDL.Internal;
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
        // The group's numbers are the same for every parameter; only the bias corrections follow each one's step count.
        using var scalars = new HeldScalars();
        var decay = scalars.Of(1 - (lr * weightDecay));
        var (keep1, take1) = (scalars.Of(beta1), scalars.Of(1 - beta1));
        var (keep2, take2) = (scalars.Of(beta2), scalars.Of(1 - beta2));
        var epsilon = scalars.Of(eps);
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

            using var corrections = new HeldScalars();
            parameter.mul_(decay);
            state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
            state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad, value: take2);
            var denominator = state.exp_avg_sq.sqrt().div_(corrections.Of(Math.Sqrt(correction2))).add_(epsilon, HeldScalars.One);
            parameter.addcdiv_(state.exp_avg, denominator, value: corrections.Of(-lr / correction1));
        }
    }, closure);
}
