using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AutoDL.Server.Http;

/// <summary>
/// What a predict request asks besides its images: how many classes to list (a classifier's <c>top</c>) or the lowest
/// score of an object worth listing (a detector's <c>minScore</c>). Each may come in the query, a JSON field or a form
/// field, and is refused in one line when it is not a number in its range; the served model refuses the one that does
/// not apply to it.
/// </summary>
/// <param name="Top">How many classes to list per image.</param>
/// <param name="MinScore">The lowest score of an object to list, from 0 to 1.</param>
internal sealed record PredictParameters(int? Top, double? MinScore)
{
    public const string TopName = "top";

    public const string MinScoreName = "minScore";

    private static readonly string[] s_names = [TopName, MinScoreName];

    /// <summary>A request that asks for neither: the server's defaults apply.</summary>
    public static PredictParameters None { get; } = new(null, null);

    /// <summary>Whether a form field named <paramref name="name"/> is a parameter rather than a stray field.</summary>
    public static bool IsName(string name) => s_names.Contains(name, StringComparer.Ordinal);

    /// <summary>These, with <paramref name="fallback"/>'s where they are unset: a body's parameters are more specific than the query's.</summary>
    public PredictParameters Or(PredictParameters fallback) => new(Top ?? fallback.Top, MinScore ?? fallback.MinScore);

    /// <summary>These with <paramref name="name"/> read from <paramref name="text"/>; <paramref name="what"/> names where it came from.</summary>
    public PredictParameters With(string name, string text, string what) => name switch
    {
        TopName => this with { Top = ParseTop(text, what) },
        MinScoreName => this with { MinScore = ParseMinScore(text, what) },
        _ => throw new ArgumentException($"'{name}' is not a predict parameter.", nameof(name)),
    };

    /// <summary>The parameters of the query string (<c>?top=3</c>, <c>?minScore=0.5</c>), each given at most once.</summary>
    public static PredictParameters FromQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = None;
        foreach (var name in s_names)
        {
            if (!query.TryGetValue(name, out var values))
            {
                continue;
            }
            if (values.Count != 1)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"Give ?{name}= once.");
            }
            parameters = parameters.With(name, values[0] ?? "", $"?{name}");
        }
        return parameters;
    }

    /// <summary>The parameters of a JSON body's object: numbers, or null for unset.</summary>
    public static PredictParameters FromJson(JsonElement body)
    {
        var parameters = None;
        foreach (var name in s_names)
        {
            if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var what = $"\"{name}\"";
            parameters = element.ValueKind == JsonValueKind.Number
                ? parameters.With(name, element.GetRawText(), what)
                : throw Invalid(what, Expected(name), element.GetRawText());
        }
        return parameters;
    }

    private static int ParseTop(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int top) && top >= 1 ? top : throw Invalid(what, Expected(TopName), text);

    private static double ParseMinScore(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double score) && score is >= 0 and <= 1 ? score : throw Invalid(what, Expected(MinScoreName), text);

    private static string Expected(string name) => name == TopName ? "a whole number of at least 1" : "a number from 0 to 1";

    private static RequestRejectedException Invalid(string what, string expected, string text) =>
        new(StatusCodes.Status400BadRequest, $"{what} must be {expected}, not '{PredictRequestReader.Shorten(text)}'.");
}
