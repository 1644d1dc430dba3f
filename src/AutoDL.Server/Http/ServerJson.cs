using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoDL.Server.Http;

/// <summary>How the server writes JSON: camelCase, absent values left out.</summary>
internal static class ServerJson
{
    public const string ContentType = "application/json; charset=utf-8";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Messages are read by people with curl: 'quotes' stay quotes. The body is never HTML, so nothing needs the stricter escaping.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
