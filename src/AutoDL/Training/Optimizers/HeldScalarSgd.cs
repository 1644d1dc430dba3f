using AutoDL.Internal;
using TorchSharp;
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
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }
            using var scalars = new HeldScalars();
            if (weightDecay != 0)
            {
                grad = grad.add(parameter, alpha: scalars.Of(weightDecay));
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
                    state.momentum_buffer.mul_(scalars.Of(momentum)).add_(grad, alpha: scalars.Of(1 - dampening));
                }
                grad = nesterov ? grad.add(state.momentum_buffer, alpha: scalars.Of(momentum)) : state.momentum_buffer;
            }
            parameter.add_(grad, alpha: scalars.Of(-lr));
        }
    }, closure);
}
