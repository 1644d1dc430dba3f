using System.Text.Json;
using AutoDL.Packaging;

namespace AutoDL.Monitoring;

/// <summary>
/// The package manifest's <c>monitoring</c> section, an object of named parts ("embedding", "drift"): Packaging keeps
/// it as JSON, so that it reads and writes packages without knowing what monitoring stores.
/// </summary>
internal static class MonitoringSection
{
    /// <summary>The part named <paramref name="key"/>, or null where the section has none, or one this version cannot read.</summary>
    public static T? Read<T>(JsonElement? monitoring, string key)
        where T : class
    {
        if (monitoring is not { ValueKind: JsonValueKind.Object } section || !section.TryGetProperty(key, out var part))
        {
            return null;
        }
        try
        {
            return part.Deserialize<T>(ModelPackage.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
