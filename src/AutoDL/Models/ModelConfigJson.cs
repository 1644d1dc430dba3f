using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AutoDL.Models;

/// <summary>
/// The one JSON form of a <see cref="ModelConfig"/>, used by studies, packages and the CLI alike:
/// camelCase fields, enums as their names, and the family as the <c>"family"</c> discriminator, e.g.
/// <c>{"family":"resnet","stages":3,"blocksPerStage":2,"baseWidth":32,"stem":"Conv3","dropout":0}</c>.
/// </summary>
public static class ModelConfigJson
{
    private static readonly string[] KnownFamilies = typeof(ModelConfig)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Select(a => (string)a.TypeDiscriminator!)
        .ToArray();

    /// <summary>
    /// Serializer options for model configurations (read-only). Unknown fields are rejected rather than
    /// ignored: a misspelt field would otherwise silently fall back to its default and build another network.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The configuration as JSON, with its family discriminator.</summary>
    public static string Serialize(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Serialising as the base type is what writes the "family" discriminator.
        return JsonSerializer.Serialize<ModelConfig>(config, Options);
    }

    /// <summary>Reads a configuration written by <see cref="Serialize"/>.</summary>
    /// <exception cref="AutoDLException">The JSON is malformed, names no or an unknown family, or has a bad or unknown field.</exception>
    public static ModelConfig Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string family = ReadFamily(json);
        try
        {
            return JsonSerializer.Deserialize<ModelConfig>(json, Options)
                ?? throw new AutoDLException("The model configuration is JSON null; expected an object with a \"family\".");
        }
        catch (JsonException e)
        {
            throw new AutoDLException($"The '{family}' model configuration has a bad field at {e.Path ?? "$"}: {e.Message}", e);
        }
    }

    /// <summary>Reads the discriminator first, so the error for a missing or unknown family can name it and the known ones.</summary>
    private static string ReadFamily(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new AutoDLException($"The model configuration must be a JSON object, not {root.ValueKind}.");
            }
            if (!root.TryGetProperty("family", out var family) || family.ValueKind != JsonValueKind.String)
            {
                throw new AutoDLException($"The model configuration has no \"family\" string; expected one of: {string.Join(", ", KnownFamilies)}.");
            }
            string name = family.GetString()!;
            if (!KnownFamilies.Contains(name, StringComparer.Ordinal))
            {
                throw new AutoDLException($"Unknown model family '{name}'; expected one of: {string.Join(", ", KnownFamilies)}.");
            }
            return name;
        }
        catch (JsonException e)
        {
            throw new AutoDLException($"The model configuration is not valid JSON: {e.Message}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // Hand-written or merged JSON need not put "family" first.
            AllowOutOfOrderMetadataProperties = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        // Names, not numbers: a package must still read correctly if StemKind gains or reorders members.
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
