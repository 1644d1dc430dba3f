namespace AutoDL.Monitoring.Drift;

/// <summary>
/// Tests a rolling window of live predictions against the package's reference: every <see cref="Stride"/> predictions,
/// the last <see cref="Window"/> are tested (Kolmogorov–Smirnov on each of the first embedding components, on the
/// confidences and on brightness, chi-squared on the predicted classes, and a kernel two-sample test on the embeddings), with Holm's
/// correction across the tests; <see cref="WindowsToAlert"/> drifting windows in a row raise an alert. Safe to call from
/// several threads.
/// </summary>
public sealed class DriftMonitor
{
    /// <summary>Windows in a row that must drift before an alert: one window can be unlucky.</summary>
    public const int WindowsToAlert = 3;

    /// <summary>The family-wise false-alarm rate of one window's tests.</summary>
    public const double Alpha = 0.01;

    // Enough for the kernel test's p-value to reach Holm's strictest level (alpha over eight tests).
    private const int Permutations = 1000;

    private readonly DriftReference _reference;
    private readonly Queue<DriftObservation> _window = new();
    private readonly Lock _gate = new();
    private long _observed;
    private int _drifting;
    private DriftStatus _status;

    /// <summary>A monitor of windows of <paramref name="window"/> predictions, tested every <paramref name="stride"/>.</summary>
    public DriftMonitor(DriftReference reference, int window = 200, int stride = 50)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        _reference = reference;
        Window = window;
        Stride = stride;
        _status = new DriftStatus(false, false, window, 0, 0, []);
    }

    /// <summary>Predictions in a tested window.</summary>
    public int Window { get; }

    /// <summary>Predictions between tests.</summary>
    public int Stride { get; }

    /// <summary>Where monitoring stands now.</summary>
    public DriftStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Raised once when an alert starts (after <see cref="WindowsToAlert"/> drifting windows), with the status then.</summary>
    public event Action<DriftStatus>? Alerted;

    /// <summary>Takes one prediction in; tests the window when a stride is complete. Returns the status after it.</summary>
    public DriftStatus Add(DriftObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        DriftStatus status;
        bool alertStarted;
        lock (_gate)
        {
            _window.Enqueue(observation);
            if (_window.Count > Window)
            {
                _window.Dequeue();
            }
            _observed++;
            if (_observed < Window || (_observed - Window) % Stride != 0)
            {
                _status = _status with { Observed = _observed };
                return _status;
            }
            bool wasAlert = _status.Alert;
            var tests = Test([.. _window], seed: (int)(_observed % int.MaxValue));
            bool drift = tests.Any(t => t.Significant);
            _drifting = drift ? _drifting + 1 : 0;
            _status = new DriftStatus(drift, _drifting >= WindowsToAlert, Window, _observed, _drifting, tests);
            status = _status;
            alertStarted = status.Alert && !wasAlert;
        }
        if (alertStarted)
        {
            Alerted?.Invoke(status);
        }
        return status;
    }

    private List<DriftTest> Test(IReadOnlyList<DriftObservation> window, int seed)
    {
        var results = new List<(string Name, double Statistic, double PValue)>();
        for (int c = 0; c < _reference.Components.Count; c++)
        {
            var (d, p) = TwoSampleTests.KolmogorovSmirnov(_reference.Components[c], [.. window.Select(o => o.Components[c])]);
            results.Add(($"embedding component {c + 1} (Kolmogorov–Smirnov)", d, p));
        }
        var (confidence, confidenceP) = TwoSampleTests.KolmogorovSmirnov(_reference.Confidences, [.. window.Select(o => o.Confidence)]);
        results.Add(("confidence (Kolmogorov–Smirnov)", confidence, confidenceP));
        var (brightness, brightnessP) = TwoSampleTests.KolmogorovSmirnov(_reference.Brightness, [.. window.Select(o => o.Brightness)]);
        results.Add(("brightness (Kolmogorov–Smirnov)", brightness, brightnessP));
        var counts = new int[_reference.LabelShares.Length];
        foreach (var o in window)
        {
            counts[o.Label]++;
        }
        var (chi, chiP) = TwoSampleTests.ChiSquared(counts, _reference.LabelShares);
        results.Add(("predicted classes (chi-squared)", chi, chiP));
        var (mmd, mmdP) = TwoSampleTests.MaximumMeanDiscrepancy(_reference.Points, [.. window.Select(o => o.Components)], Permutations, seed, stopAbove: Alpha);
        results.Add(("embeddings (kernel two-sample, MMD²)", mmd, mmdP));
        var rejected = TwoSampleTests.Holm([.. results.Select(r => r.PValue)], Alpha);
        return [.. results.Select((r, i) => new DriftTest(r.Name, r.Statistic, r.PValue, rejected[i]))];
    }
}
