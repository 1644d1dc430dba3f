namespace AutoDL.Runtime;

/// <summary>What <see cref="OneDnnIsaCap"/> found on this machine and did about it.</summary>
public enum OneDnnIsaCapState
{
    /// <summary>The CPU reports its caches; oneDNN chooses its kernels as it would anywhere.</summary>
    NotNeeded,

    /// <summary>The CPU hides its cache sizes, so this process capped oneDNN at AVX2.</summary>
    Applied,

    /// <summary>The CPU hides its cache sizes, but the user set the cap variable themselves and it was left as set.</summary>
    LeftToUser,
}
