namespace AutoDL.Models;

/// <summary>Checks shared by every family, with messages that name the field and the allowed range.</summary>
internal static class ModelValidation
{
    public static void CheckDropout(ModelConfig config)
    {
        // 1 would drop every feature and NaN is never meant; both make an untrainable network.
        if (!(config.Dropout >= 0 && config.Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, $"{config.GetType().Name}.Dropout must be in [0, 1), not {config.Dropout}.");
        }
    }
}
