using System.Globalization;

namespace AutoDL.Cli.Rendering;

/// <summary>Number and time formats shared by every command's output.</summary>
internal static class Format
{
    public static string Metric(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";

    public static string Percent(double value) => value.ToString("0.00%", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
