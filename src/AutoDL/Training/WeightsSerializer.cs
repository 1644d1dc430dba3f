using TorchSharp;

namespace AutoDL.Training;

/// <summary>Network weights to and from bytes in TorchSharp's own format.</summary>
public static class WeightsSerializer
{
    /// <summary>Serialises every parameter and buffer (batch-norm statistics included).</summary>
    public static byte[] Save(torch.nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        // TorchSharp writes a tensor's memory as it lies, so a channels-last weight would load back scrambled into
        // a standard network: everything is written in standard layout. The scope frees the standard copies and the
        // restored batch counters, never the network's own tensors.
        using var scope = torch.NewDisposeScope();
        var standard = BatchNormCounters.Restore(network, network.state_dict()).ToDictionary(entry => entry.Key, entry => entry.Value.contiguous());
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            torch.nn.Module.save_state_dict(writer, standard);
        }
        return stream.ToArray();
    }

    /// <summary>Loads weights saved by <see cref="Save"/> into a network of the same configuration.</summary>
    public static void Load(torch.nn.Module network, byte[] weights)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(weights);
        using var stream = new MemoryStream(weights, writable: false);
        network.load(stream);
    }
}
