using AutoDL.Packaging;

namespace AutoDL.Inference;

/// <summary>
/// One engine running a package's network over a fixed set of images, as <see cref="InferenceTuner"/> times it: the
/// forward pass and the task's own reading of its outputs, whatever the task, so that each task's cost is what its
/// server pays per batch.
/// </summary>
internal interface ITimedEngine : IDisposable
{
    /// <summary>Which engine this is.</summary>
    InferenceBackend Backend { get; }

    /// <summary>Runs the first <paramref name="count"/> images through the network and reads the answers.</summary>
    void Run(int count);
}
