using Microsoft.Extensions.Hosting;

namespace AutoDL.Server.Internal;

/// <summary>
/// The host's lifetime when its owner decides when to stop. The default console lifetime hooks Ctrl+C and
/// SIGTERM for the whole process: wrong for a library, for tests that run several servers, and for the CLI,
/// which already turns those signals into a cancellation and a graceful stop.
/// </summary>
internal sealed class ManualLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
