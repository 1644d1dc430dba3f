using System.Globalization;
using AutoDL.Server.Serving;
using AutoDL.Tasks.ObjectDetection.Inference;

namespace AutoDL.Server;

/// <summary>
/// How an <see cref="InferenceServer"/> listens, batches and protects itself. The defaults are safe on a
/// shared machine: loopback only, bounded queue, bounded bodies and images.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>
    /// The address to listen on: an IP address (<c>0.0.0.0</c> for every IPv4 interface) or <c>localhost</c>.
    /// Loopback by default, so a model is reachable from other machines only when someone asks for it.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="InferenceServer.Address"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>
    /// When set, every endpoint but <c>/healthz</c> needs this key in the <c>X-API-Key</c> header or as
    /// <c>Authorization: Bearer KEY</c>; requests without it get 401. Health stays open for load balancers.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// The largest batch <see cref="MaxBatchSize"/> (or a package's settings) may ask for: past a few hundred images a
    /// CPU gains nothing per image, and the batch's buffers are sized by it.
    /// </summary>
    public const int MaxBatchSizeLimit = 1024;

    /// <summary>
    /// The longest <see cref="MaxBatchWait"/> (or a package's settings) may ask for. Batchers wait microseconds to a few
    /// milliseconds (Triton's delays, TorchServe's max_batch_delay); a lone request waits this long every time.
    /// </summary>
    public static readonly TimeSpan MaxBatchWaitLimit = TimeSpan.FromSeconds(1);

    /// <summary>The largest <see cref="QueueCapacity"/>: every queued image holds its decoded pixels.</summary>
    public const int MaxQueueCapacity = 65_536;

    /// <summary>The most <see cref="MaxConnections"/> may allow: past that, the process's file descriptors run out first.</summary>
    public const int MaxConnectionsLimit = 1_000_000;

    /// <summary>The largest batch formed from queued images; unset uses the predictor's <see cref="Packaging.InferenceSettings.MaxBatchSize"/>.</summary>
    public int? MaxBatchSize { get; init; }

    /// <summary>How long the first queued image waits for others to join its batch; unset uses the predictor's settings.</summary>
    public TimeSpan? MaxBatchWait { get; init; }

    /// <summary>
    /// How long a request waits for its images' predictions once they are queued; past it the answer is 503 with
    /// Retry-After and the images leave the queue. A request never waits without a deadline, whatever the model does.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Images that may wait for a batch. A request that does not fit is answered 503 with Retry-After at once:
    /// under overload a client learns to back off in microseconds instead of timing out, and memory stays
    /// bounded. 256 holds eight full batches of 32, so an ordinary burst waits rather than fails.
    /// </summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>The largest request body (413 beyond): 16 MiB fits a dozen phone photos, or many small images as base64.</summary>
    public long MaxRequestBytes { get; init; } = 16L << 20;

    /// <summary>
    /// The most pixels an image may declare (413 beyond), checked from its header before it is decoded: a
    /// few-kilobyte PNG can declare gigapixels. 50 megapixels covers any camera photo and decodes into 200 MB.
    /// </summary>
    public long MaxImagePixels { get; init; } = 50_000_000;

    /// <summary>The most images in one request (413 beyond), so one client cannot fill the queue alone.</summary>
    public int MaxImagesPerRequest { get; init; } = 64;

    /// <summary>
    /// How long a request's whole body may take to arrive (408 beyond). Kestrel already drops a client that sends
    /// under 240 bytes a second, but a client just above that rate could hold a connection for hours.
    /// </summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Open connections at once; Kestrel closes any beyond at once. 1024 leaves room for every ordinary client
    /// while a flood of idle connections cannot take the process's file descriptors.
    /// </summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// Bytes of request bodies held at once across all requests (503 with Retry-After when spent). Bodies are
    /// buffered as they arrive, never from what a client announces; 256 MiB holds sixteen bodies at the largest
    /// request size. At least <see cref="MaxRequestBytes"/>, or the largest request could never be served.
    /// </summary>
    public long MaxBufferedBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Bytes of decoded pixels (RGBA, as declared by each image's header) being decoded at once across all requests;
    /// decodes beyond wait their turn, within the request timeout. An image declaring more than this decodes alone.
    /// </summary>
    public long MaxDecodeBytes { get; init; } = 256L << 20;

    /// <summary>How many of the most probable classes a response lists when the request does not say (<c>top</c>).</summary>
    public int DefaultTop { get; init; } = 5;

    /// <summary>The lowest score of an object a detector's response lists when the request does not say (<c>minScore</c>).</summary>
    public double DefaultMinScore { get; init; } = ObjectDetector.DefaultMinScore;

    /// <summary>How long a stop waits for requests in flight before it cuts them off.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range and its bounds.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        InRange(Port, 0, 65535, nameof(Port));
        if (ApiKey is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ApiKey);
        }
        if (MaxBatchSize is int batch)
        {
            InRange(batch, 1, MaxBatchSizeLimit, nameof(MaxBatchSize));
        }
        if (MaxBatchWait is TimeSpan wait)
        {
            InRange(wait, TimeSpan.Zero, MaxBatchWaitLimit, nameof(MaxBatchWait));
        }
        InRange(RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(RequestTimeout));
        InRange(QueueCapacity, 1, MaxQueueCapacity, nameof(QueueCapacity));
        InRange(MaxRequestBytes, 1, 1L << 30, nameof(MaxRequestBytes));
        InRange(MaxImagePixels, 1, 1_000_000_000, nameof(MaxImagePixels));
        InRange(MaxImagesPerRequest, 1, MaxQueueCapacity, nameof(MaxImagesPerRequest));
        InRange(BodyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), nameof(BodyTimeout));
        InRange(MaxConnections, 1, MaxConnectionsLimit, nameof(MaxConnections));
        InRange(MaxBufferedBytes, MaxRequestBytes, 64L << 30, nameof(MaxBufferedBytes));
        InRange(MaxDecodeBytes, 1L << 20, 64L << 30, nameof(MaxDecodeBytes));
        InRange(DefaultTop, 1, 1000, nameof(DefaultTop));
        InRange(DefaultMinScore, ServedDetector.LowestMinScore, 1, nameof(DefaultMinScore));
        InRange(ShutdownTimeout, TimeSpan.Zero, TimeSpan.FromHours(1), nameof(ShutdownTimeout));
    }

    private static void InRange<T>(T value, T minimum, T maximum, string name)
        where T : IComparable<T>
    {
        if (value.CompareTo(minimum) < 0 || value.CompareTo(maximum) > 0)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be between {minimum} and {maximum}."));
        }
    }
}
