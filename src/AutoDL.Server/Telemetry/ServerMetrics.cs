using Prometheus;

using AutoDL.Monitoring.Drift;

namespace AutoDL.Server.Telemetry;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own: several servers in one process (tests, or a host
/// serving two models) never share or collide on a series, and nothing global is collected.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly string[] s_requestLabels = ["endpoint", "code"];

    public ServerMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("autodl_http_requests_total", "HTTP requests answered, by endpoint and status code.", s_requestLabels);
        Errors = factory.CreateCounter("autodl_http_errors_total", "HTTP requests answered with a 4xx or 5xx status, by endpoint and status code.", s_requestLabels);
        RequestDuration = factory.CreateHistogram("autodl_http_request_duration_seconds", "Time from a request's arrival to its answer, by endpoint.", new HistogramConfiguration
        {
            LabelNames = ["endpoint"],
            // 0.25 ms to about 8 s: a small model answers in a millisecond, an overloaded queue in seconds.
            Buckets = Histogram.ExponentialBuckets(0.00025, 2, 16),
        });
        BatchSize = factory.CreateHistogram("autodl_batch_size", "Images per forward pass.", new HistogramConfiguration
        {
            Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256],
        });
        BatchDuration = factory.CreateHistogram("autodl_batch_duration_seconds", "Time of one forward pass over a batch.", new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(0.00025, 2, 14),
        });
        QueueLength = factory.CreateGauge("autodl_queue_length", "Images waiting for a batch.");
        Images = factory.CreateCounter("autodl_predicted_images_total", "Images classified.");
        BatchFailures = factory.CreateCounter("autodl_batch_failures_total", "Forward passes that threw (every request in the batch got a 500).");
        Batches = factory.CreateCounter("autodl_batches_total", "Batches run, by what closed them: full (the largest batch was reached) or wait (the batch wait ran out first); many closed by the wait under load mean the wait is too short.", ["closed_by"]);
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Counter Errors { get; }

    public Histogram RequestDuration { get; }

    public Histogram BatchSize { get; }

    public Histogram BatchDuration { get; }

    public Gauge QueueLength { get; }

    public Counter Images { get; }

    public Counter BatchFailures { get; }

    public Counter Batches { get; }

    /// <summary>Counts one answered request.</summary>
    public void ObserveRequest(string endpoint, int statusCode, TimeSpan elapsed)
    {
        var code = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Requests.WithLabels(endpoint, code).Inc();
        if (statusCode >= 400)
        {
            Errors.WithLabels(endpoint, code).Inc();
        }
        RequestDuration.WithLabels(endpoint).Observe(elapsed.TotalSeconds);
    }

    /// <summary>Writes every metric in the Prometheus text exposition format.</summary>
    /// <summary>
    /// Exposes <paramref name="drift"/>'s status as gauges, read at each scrape: whether the last window drifted, whether
    /// an alert stands, predictions observed, and each test's p-value.
    /// </summary>
    public void WatchDrift(DriftMonitor drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        var drifting = factory.CreateGauge("autodl_drift", "1 when the last window of predictions tested differs from the training data's (any test significant after Holm's correction), else 0.");
        var alert = factory.CreateGauge("autodl_drift_alert", "1 while enough windows in a row have drifted to alert, else 0.");
        var observed = factory.CreateGauge("autodl_drift_observed_predictions", "Predictions drift monitoring has seen.");
        var pValues = factory.CreateGauge("autodl_drift_test_p_value", "The last window's p-value of each drift test.", ["test"]);
        Registry.AddBeforeCollectCallback(() =>
        {
            var status = drift.Status;
            drifting.Set(status.Drift ? 1 : 0);
            alert.Set(status.Alert ? 1 : 0);
            observed.Set(status.Observed);
            foreach (var test in status.Tests)
            {
                pValues.WithLabels(test.Name).Set(test.PValue);
            }
        });
    }

    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) => Registry.CollectAndExportAsTextAsync(destination, cancellationToken);
}
