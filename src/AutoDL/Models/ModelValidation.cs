using System.Globalization;
using System.Runtime.CompilerServices;

namespace AutoDL.Models;

/// <summary>Checks shared by every family, with messages that name the field and the allowed range.</summary>
internal static class ModelValidation
{
    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="low"/>, <paramref name="high"/>] (NaN never does).</summary>
    public static void CheckRange(ModelConfig config, double value, double low, double high, [CallerArgumentExpression(nameof(value))] string field = "")
    {
        if (!(value >= low && value <= high))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, string.Create(CultureInfo.InvariantCulture, $"{config.GetType().Name}.{FieldName(field)} must be {low}–{high}, not {value}."));
        }
    }

    public static void CheckStem(ModelConfig config, StemKind stem)
    {
        if (!Enum.IsDefined(stem))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, $"{config.GetType().Name}.Stem '{stem}' is not a known stem.");
        }
    }

    public static void CheckDropout(ModelConfig config)
    {
        // 1 would drop every feature and NaN is never meant; both make an untrainable network.
        if (!(config.Dropout >= 0 && config.Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, $"{config.GetType().Name}.Dropout must be in [0, 1), not {config.Dropout}.");
        }
    }

    /// <summary>"config.Stages" → "Stages".</summary>
    private static string FieldName(string expression) => expression[(expression.LastIndexOf('.') + 1)..];
}
