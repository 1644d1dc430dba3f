using System.Runtime.CompilerServices;

namespace AutoDL.Runtime;

/// <summary>Runs before any code of this library, and so before this library can reach libtorch.</summary>
internal static class LibraryInitializer
{
#pragma warning disable CA2255 // A library initializer is the point: oneDNN reads its cap once, on its first kernel choice.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => OneDnnIsaCap.Apply();
}
