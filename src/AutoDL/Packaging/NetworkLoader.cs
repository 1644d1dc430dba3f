using AutoDL.Models;
using AutoDL.Runtime;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Packaging;

/// <summary>Rebuilds a package's network with its trained weights, in evaluation mode.</summary>
internal static class NetworkLoader
{
    /// <summary>
    /// The network the manifest describes with the package's weights: its ensemble's logits averaged when it has
    /// one, each image averaged with its mirror when the manifest says so, its logits divided by the calibrated temperature. It draws from torch's global generator
    /// while it builds (the weights are then overwritten), so do not call it in the middle of seeded training.
    /// </summary>
    public static torch.nn.Module<torch.Tensor, torch.Tensor> Load(PackageContents package)
    {
        TorchRuntime.Initialize();
        var manifest = package.Manifest;
        var networks = new List<torch.nn.Module<torch.Tensor, torch.Tensor>>();
        try
        {
            networks.Add(Network(package, manifest.Model, package.Weights, "its weights"));
            for (int i = 0; i < manifest.Ensemble.Count; i++)
            {
                networks.Add(Network(package, manifest.Ensemble[i].Model, package.EnsembleWeights[i], $"the weights of ensemble member {i + 1}"));
            }
        }
        catch
        {
            networks.ForEach(n => n.Dispose());
            throw;
        }
        return Assemble(networks, manifest.TestTimeFlip, manifest.Calibration?.Temperature);
    }

    /// <summary>
    /// Trained networks as one predictor, in evaluation mode: their logits averaged when there are several, each image
    /// averaged with its mirror when <paramref name="testTimeFlip"/>, divided by <paramref name="temperature"/> when
    /// calibrated. Packages and fit's choice of the final model build it the same way, so what fit scores on validation
    /// is what the package predicts.
    /// </summary>
    public static torch.nn.Module<torch.Tensor, torch.Tensor> Assemble(IReadOnlyList<torch.nn.Module<torch.Tensor, torch.Tensor>> networks, bool testTimeFlip, double? temperature = null)
    {
        var network = networks.Count == 1 ? networks[0] : new LogitAverage(networks);
        network.eval();
        network = testTimeFlip ? new FlipAveraged(network) : network;
        return temperature is { } t ? new TemperatureScaled(network, t) : network;
    }

    private static torch.nn.Module<torch.Tensor, torch.Tensor> Network(PackageContents package, ModelConfig model, byte[] weights, string whose)
    {
        var manifest = package.Manifest;
        var network = ModelFactory.Create(model, manifest.Input, manifest.ClassNames.Count);
        try
        {
            WeightsSerializer.Load(network, weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            network.Dispose();
            throw new AutoDLException($"The model package '{package.Path}' is damaged: {whose} do not fit the network its manifest describes ({e.Message}).", e);
        }
        return network;
    }
}
