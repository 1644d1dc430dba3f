using AutoDL.Models;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Packaging;

/// <summary>Rebuilds a package's network with its trained weights, in evaluation mode.</summary>
internal static class NetworkLoader
{
    /// <summary>
    /// The network the manifest describes with the package's weights, averaging each image with its mirror when the
    /// manifest says so. It draws from torch's global generator
    /// while it builds (the weights are then overwritten), so do not call it in the middle of seeded training.
    /// </summary>
    public static torch.nn.Module<torch.Tensor, torch.Tensor> Load(PackageContents package)
    {
        TorchRuntime.Initialize();
        var manifest = package.Manifest;
        var network = ModelFactory.Create(manifest.Model, manifest.Input, manifest.ClassNames.Count);
        try
        {
            WeightsSerializer.Load(network, package.Weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            network.Dispose();
            throw new AutoDLException($"The model package '{package.Path}' is damaged: its weights do not fit the network its manifest describes ({e.Message}).", e);
        }
        network.eval();
        return manifest.TestTimeFlip ? new FlipAveraged(network) : network;
    }
}
