using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AutoDL.Server.Tests.Support;

/// <summary>
/// A client on a bare socket, for what HttpClient will not do: announce a body and send only part of it, hold a
/// connection open without a request, and read the answer to a request still being sent.
/// </summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient _tcp;

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public NetworkStream Stream { get; }

    public static async Task<RawHttp> ConnectAsync(Uri server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        return new RawHttp(tcp);
    }

    /// <summary>Sends a predict request's head announcing <paramref name="contentLength"/> bytes, then <paramref name="bodyStart"/>.</summary>
    public async Task SendPredictAsync(long contentLength, byte[] bodyStart, string contentType = "image/png")
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"POST /v1/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: {contentType}\r\nContent-Length: {contentLength}\r\n\r\n");
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await Stream.WriteAsync(bodyStart);
        await Stream.FlushAsync();
    }

    /// <summary>
    /// Reads the answer's status and everything after its head until the connection closes or a JSON body has come
    /// (its closing brace), for at most 30 s.
    /// </summary>
    public async Task<(int Status, string Text)> ReadAnswerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            int read = await Stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = received.ToString();
            int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0 && text.IndexOf('}', headEnd) >= 0)
            {
                break;
            }
        }
        var answer = received.ToString();
        Assert.True(answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"Not an HTTP answer: '{answer}'");
        return (int.Parse(answer.AsSpan(9, 3), CultureInfo.InvariantCulture), answer);
    }

    public void Dispose() => _tcp.Dispose();
}
