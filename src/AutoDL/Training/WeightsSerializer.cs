using TorchSharp;

namespace AutoDL.Training;

/// <summary>Network weights to and from bytes in TorchSharp's own format.</summary>
public static class WeightsSerializer
{
    /// <summary>Serialises every parameter and buffer (batch-norm statistics included).</summary>
    public static byte[] Save(torch.nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new MemoryStream();
        network.save(stream);
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
