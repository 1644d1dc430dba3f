using System.Reflection;

namespace AutoDL.Packaging;

/// <summary>The versions of the libraries that write a package, recorded in its manifest so a difference in predictions can be traced.</summary>
internal static class LibraryVersions
{
    public static Dictionary<string, string> Current() => new()
    {
        ["AutoDL"] = Version(typeof(AutoFit).Assembly),
        ["TorchSharp"] = Version(typeof(TorchSharp.torch).Assembly),
        ["SkiaSharp"] = Version(typeof(SkiaSharp.SKBitmap).Assembly),
        ["OnnxRuntime"] = Version(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
    };

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
