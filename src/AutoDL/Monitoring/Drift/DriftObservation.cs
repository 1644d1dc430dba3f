namespace AutoDL.Monitoring.Drift;

/// <summary>What drift monitoring keeps of one prediction.</summary>
/// <param name="Components">The image's embedding on the profile's first components.</param>
/// <param name="Label">The predicted class.</param>
/// <param name="Confidence">The predicted class's probability, as the model gives it.</param>
/// <param name="Brightness">The image's mean pixel value, 0 to 1.</param>
public sealed record DriftObservation(double[] Components, int Label, double Confidence, double Brightness);
