using AutoDL.Evaluation.Calibration;

namespace AutoDL.Pipeline;

/// <summary>
/// The model a fit delivers: the best trial's network, possibly averaged with the runner-up's (an ensemble of the best
/// two) and with each input's mirror (test-time flip). Each addition is kept only when it scores strictly better on the
/// validation split (<see cref="FinalModelChoice"/>), so the test split stays unseen and a tie is not worth the extra
/// inference time.
/// </summary>
/// <param name="Members">The networks whose outputs are averaged, the best first.</param>
/// <param name="TestTimeFlip">Whether each input is averaged with its mirror.</param>
internal sealed record FinalModel(IReadOnlyList<BestModel> Members, bool TestTimeFlip)
{
    /// <summary>How its confidence is calibrated, once fit has fitted it on the validation split (<see cref="ITaskEvaluator.Calibrate"/>).</summary>
    public ConfidenceCalibration? Calibration { get; init; }

    /// <summary>The package's monitoring reference, once fit has profiled the model (<see cref="ITaskEvaluator.MonitoringReference"/>).</summary>
    public System.Text.Json.JsonElement? Monitoring { get; init; }

    /// <summary>The best model alone.</summary>
    public static FinalModel Of(BestModel best) => new([best], TestTimeFlip: false);

    /// <summary>The best model of the search; its manifest entry describes the package.</summary>
    public BestModel Primary => Members[0];

    /// <summary>The networks after the first, as the package's ensemble lists them.</summary>
    public IEnumerable<BestModel> Others => Members.Skip(1);

    /// <summary>"trial 3", "trials 3 and 5 averaged", with ", with mirrored inputs" when flipped.</summary>
    public string Describe()
    {
        string members = Members.Count == 1 ? $"trial {Primary.Trial}" : $"trials {string.Join(" and ", Members.Select(m => m.Trial))} averaged";
        return TestTimeFlip ? members + ", with mirrored images" : members;
    }
}
