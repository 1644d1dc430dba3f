namespace AutoDL.Runtime;

/// <summary>
/// Keeps libtorch's convolutions correct on CPUs that hide their cache sizes (<see cref="CacheTopologyLeaf"/>): on
/// such a machine oneDNN's AVX-512 convolution kernels compute wrong outputs and gradients, while its AVX2 kernels
/// are right. <see cref="Apply"/> then sets <c>ONEDNN_MAX_CPU_ISA=AVX2</c> through the C library, which oneDNN reads
/// the first time it chooses a kernel, unless the user has set that variable (or its older name
/// <c>DNNL_MAX_CPU_ISA</c>) themselves. The library, the CLI, the server and the test projects each call it from a
/// module initializer, so that it runs before anything reaches libtorch. What it costs, and what else reads the hidden
/// sizes, is in docs/troubleshooting.md; <see cref="ConvolutionSelfCheck"/> is the safety net behind it.
/// </summary>
public static class OneDnnIsaCap
{
    /// <summary>The variable oneDNN reads for the highest instruction set it may use.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The older name oneDNN still honours when <see cref="Variable"/> is unset.</summary>
    public const string LegacyVariable = "DNNL_MAX_CPU_ISA";

    /// <summary>The cap applied: oneDNN's AVX2 kernels are correct whatever cache sizes it believes.</summary>
    public const string CappedIsa = "AVX2";

    private static readonly Lock Gate = new();
    private static OneDnnIsaCapState? _state;
    private static bool _noticeTaken;

    /// <summary>What <see cref="Apply"/> decided; it is applied on first use.</summary>
    public static OneDnnIsaCapState State
    {
        get
        {
            Apply();
            return _state!.Value;
        }
    }

    /// <summary>
    /// Detects the hidden cache sizes and caps oneDNN where needed; only the first call in a process does anything.
    /// Call it before any libtorch work if your program touches TorchSharp before AutoDL.
    /// </summary>
    public static void Apply()
    {
        lock (Gate)
        {
            if (_state is not null)
            {
                return;
            }
            var state = Decide(CacheTopologyLeaf.IsEmptyHere(), LibcEnvironment.Get(Variable), LibcEnvironment.Get(LegacyVariable));
            if (state == OneDnnIsaCapState.Applied && !LibcEnvironment.TrySet(Variable, CappedIsa))
            {
                // Without glibc the cap cannot reach oneDNN; the convolution self-check still stops a wrong network.
                state = OneDnnIsaCapState.NotNeeded;
            }
            _state = state;
        }
    }

    /// <summary>
    /// The one line to log about the cap, the first time any front end asks, so that a process says it once
    /// however many front ends it hosts (the CLI's serve command hosts the server); null when there is nothing to say.
    /// </summary>
    public static string? NoticeOnce()
    {
        Apply();
        lock (Gate)
        {
            if (_noticeTaken)
            {
                return null;
            }
            _noticeTaken = true;
            return Notice(_state!.Value, CurrentValue());
        }
    }

    /// <summary>The cap oneDNN will read, under either name; null when none is set.</summary>
    internal static string? CurrentValue() => LibcEnvironment.Get(Variable) is { Length: > 0 } value ? value : LibcEnvironment.Get(LegacyVariable);

    internal static OneDnnIsaCapState Decide(bool cacheSizesHidden, string? userValue, string? legacyUserValue)
    {
        if (!cacheSizesHidden)
        {
            return OneDnnIsaCapState.NotNeeded;
        }
        return string.IsNullOrEmpty(userValue) && string.IsNullOrEmpty(legacyUserValue)
            ? OneDnnIsaCapState.Applied
            : OneDnnIsaCapState.LeftToUser;
    }

    internal static string? Notice(OneDnnIsaCapState state, string? value) => state switch
    {
        OneDnnIsaCapState.Applied =>
            $"this CPU hides its cache sizes (AMD CPUID leaf 0x8000001D is empty), which makes libtorch's AVX-512 convolutions compute wrong numbers; {Variable} is set to {CappedIsa} for this process (correct, somewhat slower). Set {Variable} yourself to choose otherwise.",
        OneDnnIsaCapState.LeftToUser =>
            $"this CPU hides its cache sizes (AMD CPUID leaf 0x8000001D is empty), which makes libtorch's AVX-512 convolutions compute wrong numbers; {Variable} is left as you set it ({value}). If the convolution self-check fails, set it to {CappedIsa}.",
        _ => null,
    };
}
