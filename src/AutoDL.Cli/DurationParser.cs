using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoDL.Cli;

/// <summary>Reads durations as people write them: "10m", "90s", "1h30m", "1.5h", or plain seconds.</summary>
internal static partial class DurationParser
{
    public static TimeSpan Parse(string text, string optionName)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return Positive(TimeSpan.FromSeconds(plainSeconds), text, optionName);
        }
        var matches = Part().Matches(trimmed);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != trimmed)
        {
            throw new UsageException($"{optionName}: '{text}' is not a duration. Write it like 10m, 90s, 1h30m or 600.");
        }
        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            double value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" or "min" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }
        return Positive(total, text, optionName);
    }

    private static TimeSpan Positive(TimeSpan value, string text, string optionName) =>
        value > TimeSpan.Zero ? value : throw new UsageException($"{optionName}: '{text}' must be longer than zero.");

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|min|m|s)")]
    private static partial Regex Part();
}
