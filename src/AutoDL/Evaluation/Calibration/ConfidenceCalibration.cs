namespace AutoDL.Evaluation.Calibration;

/// <summary>
/// How a classifier's probabilities are calibrated: temperature scaling, one number that divides every logit before
/// the softmax (Guo et al., 2017). It changes no prediction, only how sure each one says it is; fit chooses it on the
/// validation split, and the package's engines and ONNX graph apply it.
/// </summary>
/// <param name="Temperature">The divisor of the logits; above 1 softens over-confident probabilities, below 1 sharpens timid ones.</param>
/// <param name="Before">The figures on the set it was measured on without the temperature.</param>
/// <param name="After">The same with it.</param>
public sealed record ConfidenceCalibration(double Temperature, CalibrationFigures Before, CalibrationFigures After)
{
    /// <summary>The calibration method; "temperature" is the only one so far.</summary>
    public string Method { get; init; } = "temperature";
}
