using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoDL.Cli.Tests;

/// <summary>`autodl serve` as a user runs it, in its own process: the address it announces, what it printed, and a stop by SIGTERM.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process) => _process = process;

    /// <summary>Where the server listens, once it has said so.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Runs <c>autodl serve</c> with <paramref name="arguments"/> (a port of 0 is best) and waits up to a minute for it to listen.</summary>
    public static async Task<ServeProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AutoDL.Cli.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var served = new ServeProcess(Process.Start(start)!);
        served.Listen();
        try
        {
            served.Address = await served._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            served.Dispose();
            throw new TimeoutException($"serve did not announce its address within a minute.\n{served.Output}\n{served.Error}");
        }
        return served;
    }

    /// <summary>Sends SIGTERM, as `docker stop` does, and returns the exit code once the process has ended.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private void Listen()
    {
        _process.OutputDataReceived += (_, line) =>
        {
            lock (_output)
            {
                _output.AppendLine(line.Data);
                if (AddressPattern().Match(_output.ToString()) is { Success: true } match)
                {
                    _listening.TrySetResult(new Uri(match.Value));
                }
            }
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_error)
            {
                _error.AppendLine(line.Data);
            }
        };
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"serve exited before it listened.\n{Output}\n{Error}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex AddressPattern();
}
