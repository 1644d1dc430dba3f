using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// A slow client (slowloris) on a raw connection: announces a large body for /v1/predict and trickles it just fast
/// enough to stay above Kestrel's minimum data rate (240 bytes/s), so that only the server's own deadline for the
/// whole body (30 s, then 408 and the connection closed) frees the connection. Then it reconnects and starts again,
/// so that it holds a connection for the whole run. HttpClient cannot send this slowly, hence the socket.
/// </summary>
internal sealed class SlowClient(Uri server, OutcomeCounts outcomes)
{
    /// <summary>The outcome of a connection the server closed without answering.</summary>
    public const string ClosedWithoutAnswer = "closed without an answer";

    /// <summary>The outcome of a connection the server reset without answering.</summary>
    public const string ResetWithoutAnswer = "reset without an answer";

    /// <summary>The outcome of a connection that stopped taking the body but brought neither an answer nor a close.</summary>
    public const string NoAnswer = "no answer after the body stopped";

    /// <summary>The outcome of a connection the server would not accept.</summary>
    public const string ConnectFailed = "connection refused";

    /// <summary>The outcome of an attempt still trickling when the run ended: no figure about the server.</summary>
    public const string CutOff = "still sending at the end of the run";

    /// <summary>Under the 16 MiB body limit, so the server starts reading the body instead of refusing it by its size.</summary>
    private const long AnnouncedBytes = 8 << 20;

    /// <summary>1 KiB every half second, 2 KiB/s: eight times Kestrel's minimum rate, and 68 minutes to send 8 MiB.</summary>
    private static readonly byte[] s_chunk = new byte[1024];

    private static readonly TimeSpan s_chunkInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long to wait for the server's answer once it has stopped taking the body (a failed write).</summary>
    private static readonly TimeSpan s_answerGrace = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before reconnecting after the server refused a connection, so a refusal is not a busy loop.</summary>
    private static readonly TimeSpan s_reconnectPause = TimeSpan.FromSeconds(1);

    /// <summary>Seconds each finished attempt held its connection: the body deadline, if the server keeps it.</summary>
    public List<double> HeldSeconds { get; } = [];

    public async Task RunAsync(TimeSpan startDelay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(startDelay, stop).ConfigureAwait(false);
            while (!stop.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                var outcome = await AttemptAsync(stop).ConfigureAwait(false);
                outcomes.Add(outcome);
                if (outcome == CutOff)
                {
                    break;
                }
                HeldSeconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                if (outcome == ConnectFailed)
                {
                    await Task.Delay(s_reconnectPause, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended while waiting to connect.
        }
    }

    /// <summary>One connection: the head, then the trickled body until the server answers or drops it; the outcome as the report names it.</summary>
    private async Task<string> AttemptAsync(CancellationToken stop)
    {
        using var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(server.Host, server.Port, stop).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return ConnectFailed;
        }
        var stream = tcp.GetStream();
        // Listen from the start: the server may answer at any point of the body, and a write after its close fails
        // before the answer would otherwise be read.
        var answer = ReadStatusAsync(stream, stop);
        try
        {
            var head = string.Create(CultureInfo.InvariantCulture,
                $"POST /v1/predict HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: image/png\r\nContent-Length: {AnnouncedBytes}\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop).ConfigureAwait(false);
            for (long sent = 0; sent < AnnouncedBytes; sent += s_chunk.Length)
            {
                // A delay that the end of the run cancels completes WhenAny all the same; the check below sees it.
                await Task.WhenAny(answer, Task.Delay(s_chunkInterval, stop)).ConfigureAwait(false);
                if (answer.IsCompleted || stop.IsCancellationRequested)
                {
                    break;
                }
                await stream.WriteAsync(s_chunk, stop).ConfigureAwait(false);
            }
            if (!answer.IsCompleted)
            {
                await Task.WhenAny(answer, Task.Delay(s_answerGrace, stop)).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The server closed the connection mid-body: its answer, if it sent one, is already arriving.
            await Task.WhenAny(answer, Task.Delay(s_answerGrace, stop)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run ended mid-write.
        }
        if (answer.IsCompleted)
        {
            return await answer.ConfigureAwait(false);
        }
        // Stop the read the socket still has pending before leaving, so no task outlives its connection.
        tcp.Close();
        await answer.ConfigureAwait(false);
        return stop.IsCancellationRequested ? CutOff : NoAnswer;
    }

    /// <summary>The status code of the server's answer ("408"), or how the connection ended without one.</summary>
    private static async Task<string> ReadStatusAsync(NetworkStream stream, CancellationToken stop)
    {
        var buffer = new byte[4096];
        int filled = 0;
        try
        {
            // Only the status line matters: "HTTP/1.1 408 Request Timeout".
            while (filled < buffer.Length && buffer.AsSpan(0, filled).IndexOf("\r\n"u8) < 0)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), stop).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                filled += read;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            if (filled == 0)
            {
                return ResetWithoutAnswer;
            }
        }
        catch (OperationCanceledException)
        {
            return CutOff;
        }
        if (filled == 0)
        {
            return ClosedWithoutAnswer;
        }
        var statusLine = Encoding.ASCII.GetString(buffer, 0, filled).Split("\r\n")[0].Split(' ');
        return statusLine.Length >= 2 && statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal) ? statusLine[1] : "answer that is not HTTP";
    }
}
