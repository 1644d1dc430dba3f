using System.Runtime.InteropServices;

namespace AutoDL.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (what `docker stop`, systemd and Kubernetes send) as a token, for commands that run until
/// stopped: System.CommandLine's synchronous invocation handles neither, and the process would end mid-request.
/// A second signal while stopping is someone who will not wait, and ends the process.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Stop(PosixSignalContext signal)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        // Keep the process alive: the command stops what it runs and returns.
        signal.Cancel = true;
        _stop.Cancel();
    }
}
