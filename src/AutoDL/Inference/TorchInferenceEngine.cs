using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Inference;

/// <summary>Runs a package's network with libtorch, normalising images as training did.</summary>
internal sealed class TorchInferenceEngine : IInferenceEngine
{
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> _network;
    private readonly PackageManifest _manifest;
    private readonly BatchBuilder _builder;
    // A TorchSharp module is not safe to run from several threads at once.
    private readonly Lock _gate = new();

    private TorchInferenceEngine(PackageManifest manifest, torch.nn.Module<torch.Tensor, torch.Tensor> network)
    {
        _manifest = manifest;
        _network = network;
        _builder = new BatchBuilder(manifest.Input, manifest.Preprocessing.ToStats());
    }

    public InferenceBackend Backend => InferenceBackend.Torch;

    /// <summary>
    /// Builds the network and loads its weights. libtorch's thread count is process-wide, so
    /// <paramref name="threads"/> applies to every libtorch engine in the process.
    /// </summary>
    public static TorchInferenceEngine Create(PackageContents package, int threads)
    {
        TorchRuntime.Initialize();
        torch.set_num_threads(threads);
        return new TorchInferenceEngine(package.Manifest, NetworkLoader.Load(package));
    }

    public float[] PredictProbabilities(int count, NetworkRunner.ImageAccessor image)
    {
        lock (_gate)
        {
            return NetworkRunner.PredictProbabilities(_network, count, image, _manifest.Input, _builder, _manifest.ClassNames.Count);
        }
    }

    public void Dispose() => _network.Dispose();
}
