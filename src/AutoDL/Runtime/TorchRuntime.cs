using TorchSharp;

namespace AutoDL.Runtime;

/// <summary>Process-wide libtorch settings, applied once.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>
    /// Sets libtorch's intra-op threads to the cores this process may use (libtorch's own default can
    /// count hyper-threads or the host's cores inside a container, and oversubscription costs far more
    /// on 2 cores than it gains), lets freed tensor memory be reused (<see cref="NativeAllocator"/>), and checks that
    /// libtorch's convolutions compute the right numbers here (<see cref="ConvolutionSelfCheck"/>), throwing a
    /// <see cref="SelfCheckFailedException"/> if not.
    /// </summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }
            torch.set_num_threads(Environment.ProcessorCount);
            NativeAllocator.TryKeepBuffersForReuse();
            ConvolutionSelfCheck.EnsurePassed();
            _initialized = true;
        }
    }
}
