using System.Runtime.InteropServices;
using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class BatchNormCountersTests
{
    private static readonly ResNetConfig SmallResNet = new(Stages: 2, BlocksPerStage: 1, BaseWidth: 8);

    [Fact]
    public void A_training_batch_norm_survives_collections_racing_its_forward_pass()
    {
        // With its counter, a training batch norm failed 14 of 148,269 forward passes in ten seconds while another thread
        // collected (the counter's increment hands libtorch a temporary scalar); without it, none of 371,662.
        using var norm = nn.BatchNorm2d(1);
        norm.train();
        BatchNormCounters.Remove(norm);
        using var x = randn(2, 1, 1, 1);
        var failures = new List<string>();
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        long calls = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(8))
            {
                try
                {
                    using var y = norm.forward(x);
                }
                catch (ExternalException e)
                {
                    failures.Add(e.Message);
                }
                calls++;
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} forward passes failed, the first with: {failures.FirstOrDefault()}");
    }

    [Fact]
    public void A_network_trained_without_counters_saves_the_keys_of_one_built_for_inference()
    {
        var shape = new ImageShape(1, 12, 12);
        manual_seed(5);
        using var trained = ModelFactory.Create(SmallResNet, shape, 3);
        BatchNormCounters.Remove(trained);
        manual_seed(5);
        using var fresh = ModelFactory.Create(SmallResNet, shape, 3);

        Assert.All(trained.modules().OfType<BatchNorm2d>(), norm => Assert.Null(norm.num_batches_tracked));
        Assert.Equal(fresh.state_dict().Keys, BatchNormCounters.Restore(trained, trained.state_dict()).Keys);
        Assert.Equal(WeightsSerializer.Save(fresh), WeightsSerializer.Save(trained));
        using var loaded = ModelFactory.Create(SmallResNet, shape, 3);
        WeightsSerializer.Load(loaded, WeightsSerializer.Save(trained));
    }
}
