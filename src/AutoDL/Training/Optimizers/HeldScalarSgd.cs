using AutoDL.Internal;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Training.Optimizers;

/// <summary>
/// TorchSharp's SGD update with momentum (Nesterov's when asked) and L2 weight decay, with every number it hands
/// libtorch held alive for the call (see <see cref="HeldScalars"/>).
/// </summary>
internal sealed class HeldScalarSgd : TorchSharp.Modules.SGD
{
    public HeldScalarSgd(IEnumerable<Parameter> parameters, double learningRate, double momentum, double weightDecay, bool nesterov)
        : base(parameters, learningRate, momentum: momentum, weight_decay: weightDecay, nesterov: nesterov)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double momentum = options.momentum!.Value, dampening = options.dampening!.Value;
        double weightDecay = options.weight_decay!.Value, lr = options.LearningRate!.Value;
        bool nesterov = options.nesterov!.Value;
        // Every number is the group's, the same for each parameter.
        using var scalars = new HeldScalars();
        var (decay, keep, take, step) = (scalars.Of(weightDecay), scalars.Of(momentum), scalars.Of(1 - dampening), scalars.Of(-lr));
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }
            if (weightDecay != 0)
            {
                grad = grad.add(parameter, alpha: decay);
            }
            if (momentum != 0)
            {
                var state = (State)_state[parameter.Handle];
                if (state.momentum_buffer is null)
                {
                    state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
                }
                else
                {
                    state.momentum_buffer.mul_(keep).add_(grad, alpha: take);
                }
                grad = nesterov ? grad.add(state.momentum_buffer, alpha: keep) : state.momentum_buffer;
            }
            parameter.add_(grad, alpha: step);
        }
    }, closure);
}
