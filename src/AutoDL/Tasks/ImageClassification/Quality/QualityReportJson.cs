using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>The JSON form of a <see cref="QualityReport"/> (<c>quality.json</c> of `autodl inspect`): the model package's conventions, camelCase, enums as strings, indented.</summary>
public static class QualityReportJson
{
    /// <summary>
    /// The model package's JSON conventions (declared here too, because the data stage comes before packaging and
    /// must not depend on it) plus named floating-point literals: a class without training images
    /// makes <see cref="ClassBalance.ImbalanceRatio"/> infinite, which plain JSON cannot hold, so it is written as
    /// the string "Infinity" (and NaN as "NaN") and read back. Set on the options rather than on the property so
    /// every score in the report is covered, not just the one known today.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as indented JSON.</summary>
    public static string Serialize(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    /// <summary>Reads a report written by <see cref="Serialize"/>.</summary>
    /// <exception cref="AutoDLException">The text is not a quality report.</exception>
    public static QualityReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<QualityReport>(json, Options) ?? throw new AutoDLException("The quality report is empty (null).");
        }
        catch (JsonException e)
        {
            throw new AutoDLException($"Not a quality report: {e.Message}", e);
        }
    }

    /// <summary>Writes the report to <paramref name="path"/>, replacing the file.</summary>
    public static void Write(QualityReport report, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, Serialize(report));
    }
}
