using AutoDL.Data;
using AutoDL.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDL.Bench.MemoryEstimate;

/// <summary>Real training steps, the way the product's trainer takes them: forward, cross-entropy, backward, AdamW.</summary>
internal static class TrainingSteps
{
    /// <summary>
    /// Peak resident growth, in bytes, of building the network and its optimiser and taking
    /// <paramref name="steps"/> steps on random data. Memory is measured from just before the network is
    /// built, after a warm-up step on a tiny network of the same input shape has loaded libtorch's kernels,
    /// so the figure holds only what this configuration needs.
    /// </summary>
    public static long PeakGrowth(MemoryCase run, int steps)
    {
        Train(new PlainCnnConfig(1, 8), run.Input, 2, 1);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResidentMemory.ResetPeak();
        long before = ResidentMemory.Current();
        Train(run.Config, run.Input, run.BatchSize, steps);
        return ResidentMemory.Peak() - before;
    }

    private static void Train(ModelConfig config, ImageShape input, int batchSize, int steps)
    {
        using var network = ModelFactory.Create(config, input, MemoryCase.Classes);
        network.train();
        using var optimizer = optim.AdamW(network.parameters(), 1e-3, weight_decay: 5e-4);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn(batchSize, input.Channels, input.Height, input.Width);
            var y = torch.randint(MemoryCase.Classes, batchSize, dtype: ScalarType.Int64);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.forward(x), y, label_smoothing: 0.1);
            loss.backward();
            optimizer.step();
        }
    }
}
