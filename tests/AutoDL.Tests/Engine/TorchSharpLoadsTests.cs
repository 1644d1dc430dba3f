using static TorchSharp.torch;

namespace AutoDL.Tests.Engine;

public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void A_tensor_op_runs_on_this_machine()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 4, 5, 6 });
        using var dot = a.dot(b);
        Assert.Equal(32f, dot.item<float>());
    }
}
