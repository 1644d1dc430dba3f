using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// Takes the batch counters out of the batch norms of a network that is about to train. TorchSharp's BatchNorm counts
/// each training batch with <c>num_batches_tracked.add_(1)</c>, which hands libtorch an alpha scalar that nothing holds:
/// a garbage collection on another thread can free it during the call, and libtorch then reads freed memory ("For
/// integral input tensors, argument alpha must not be a floating point number", which failed a trial or the
/// learning-rate test in two of four sample fits on 2026-12-05). The count is read only by a batch norm without a momentum;
/// every batch norm AutoDL builds has momentum 0.1, so it trains the same without it.
/// </summary>
internal static class BatchNormCounters
{
    private const string CounterName = "num_batches_tracked";
    private const string RunningVariance = "running_var";

    /// <summary>Removes the counter of every batch norm in <paramref name="network"/>.</summary>
    public static void Remove(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        // named_modules leaves out the network itself, which may be a batch norm.
        foreach (var module in network.named_modules().Select(m => m.module).Prepend(network))
        {
            if (module is BatchNorm2d norm && norm.num_batches_tracked is not null)
            {
                if (norm.momentum is null)
                {
                    throw new InvalidOperationException("A batch norm without a momentum averages over its batch count; its counter cannot be removed.");
                }
                norm.num_batches_tracked = null;
            }
        }
    }

    /// <summary>
    /// <paramref name="stateDict"/> (of <paramref name="network"/>) with a zero counter after the entries of each batch
    /// norm whose counter was removed, so that saved weights keep the keys every network built for inference has.
    /// </summary>
    public static Dictionary<string, Tensor> Restore(nn.Module network, Dictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stateDict);
        var uncounted = network.named_modules()
            .Where(m => m.module is BatchNorm2d { num_batches_tracked: null })
            .Select(m => m.name + ".")
            .ToHashSet(StringComparer.Ordinal);
        if (uncounted.Count == 0)
        {
            return stateDict;
        }
        // TorchSharp lists parameters first and buffers after them; a counter follows its norm's running variance.
        var restored = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in stateDict)
        {
            restored[key] = value;
            if (key.EndsWith(RunningVariance, StringComparison.Ordinal) && uncounted.Contains(key[..^RunningVariance.Length]))
            {
                restored[key[..^RunningVariance.Length] + CounterName] = tensor(0L);
            }
        }
        return restored;
    }
}
