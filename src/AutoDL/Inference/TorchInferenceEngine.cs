using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using TorchSharp;

namespace AutoDL.Inference;

/// <summary>Runs a package's network with libtorch, normalising images as training did.</summary>
internal sealed class TorchInferenceEngine : IInferenceEngine
{
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> _network;
    private readonly PackageManifest _manifest;
    private readonly BatchBuilder _builder;
    private readonly int _threads;
    // A TorchSharp module is not safe to run from several threads at once.
    private readonly Lock _gate = new();

    private TorchInferenceEngine(PackageManifest manifest, torch.nn.Module<torch.Tensor, torch.Tensor> network, int threads)
    {
        _manifest = manifest;
        _network = network;
        _threads = threads;
        _builder = new BatchBuilder(manifest.Input, manifest.Preprocessing.ToStats());
    }

    public InferenceBackend Backend => InferenceBackend.Torch;

    /// <summary>Builds the network and loads its weights; each forward pass uses <paramref name="threads"/> intra-op threads.</summary>
    public static TorchInferenceEngine Create(PackageContents package, int threads)
    {
        PackageTasks.EnsureClassProbabilities(package);
        return new(package.Manifest, NetworkLoader.Load(package), threads);
    }

    public int? EmbeddingSize => (_network as IEmbeddingNetwork)?.EmbeddingSize;

    public float[] PredictProbabilities(int count, NetworkRunner.ImageAccessor image, float[]? embeddings)
    {
        lock (_gate)
        {
            return TorchThreads.With(_threads, () => NetworkRunner.PredictProbabilities(_network, count, image, _manifest.Input, _builder, _manifest.ClassNames.Count, embeddings));
        }
    }

    public void Dispose() => _network.Dispose();
}
