using AutoDL.Monitoring.Drift;

namespace AutoDL.Tests.Monitoring;

public sealed class DriftMonitorTests
{
    private const int Classes = 4;

    [Fact]
    public void Given_a_stream_like_the_reference_then_no_alert_is_raised()
    {
        var reference = DriftReference.Fit(Stream(2000, seed: 1, shift: 0), Classes);
        var monitor = new DriftMonitor(reference);
        int alerts = 0;
        monitor.Alerted += _ => alerts++;

        var statuses = Stream(2000, seed: 2, shift: 0).Select(monitor.Add).ToList();

        Assert.Equal(0, alerts);
        Assert.DoesNotContain(statuses, s => s.Alert);
        Assert.Equal(2000, monitor.Status.Observed);
        Assert.Equal(8, monitor.Status.Tests.Count);
    }

    [Fact]
    public void Given_a_shifted_stream_then_three_drifting_windows_in_a_row_raise_one_alert_at_the_third()
    {
        var reference = DriftReference.Fit(Stream(2000, seed: 1, shift: 0), Classes);
        var monitor = new DriftMonitor(reference, window: 200, stride: 50);
        var alerted = new List<DriftStatus>();
        monitor.Alerted += alerted.Add;

        var statuses = Stream(600, seed: 3, shift: 1).Select(monitor.Add).ToList();

        // Windows are tested at 200, 250 and 300 predictions: the alert starts at the third, and is raised once.
        var alert = Assert.Single(alerted);
        Assert.Equal(300, alert.Observed);
        Assert.Equal(3, alert.DriftingInARow);
        Assert.False(statuses[248].Alert);
        Assert.True(statuses[299].Alert);
        Assert.Contains(alert.Tests, t => t.Significant && t.Name.StartsWith("embedding component 1", StringComparison.Ordinal));
        Assert.True(statuses[^1].Alert);
    }

    [Fact]
    public void Given_darker_images_alone_then_the_brightness_test_finds_it()
    {
        var reference = DriftReference.Fit(Stream(2000, seed: 1, shift: 0), Classes);
        var monitor = new DriftMonitor(reference);

        var last = Stream(300, seed: 4, shift: 0).Select(o => o with { Brightness = o.Brightness * 0.6 }).Select(monitor.Add).ToList()[^1];

        Assert.True(last.Alert, string.Join("; ", last.Tests.Select(t => $"{t.Name} {t.Statistic} {t.PValue} {t.Significant}")) + $" observed {last.Observed} in a row {last.DriftingInARow}");
        Assert.True(last.Tests.Single(t => t.Name.StartsWith("brightness", StringComparison.Ordinal)).Significant);
    }

    /// <summary>Observations on 4 components, labels spread over the classes, confidence around 0.8, brightness around 0.4; <paramref name="shift"/> moves the first component.</summary>
    private static List<DriftObservation> Stream(int count, int seed, double shift)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return [.. Enumerable.Range(0, count).Select(i => new DriftObservation([Normal() + shift, Normal(), Normal(), Normal()], random.Next(Classes), 0.8 + 0.05 * Normal(), 0.4 + 0.05 * Normal()))];
    }
}
