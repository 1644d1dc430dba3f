using System.Runtime.CompilerServices;

namespace AutoDL.Runtime.Hosting;

/// <summary>
/// Compiled into every program and test project that hosts libtorch (build/OneDnnIsaCap.targets): applies
/// <see cref="OneDnnIsaCap"/> when the assembly loads, before its code can reach TorchSharp, which it may do before it
/// touches any AutoDL type (and so before the library's own initializer runs).
/// </summary>
internal static class HostInitializer
{
#pragma warning disable CA2255 // The point is to run before anything else in the assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => OneDnnIsaCap.Apply();
}
