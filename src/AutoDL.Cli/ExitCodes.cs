namespace AutoDL.Cli;

/// <summary>What the process exit code says.</summary>
internal static class ExitCodes
{
    /// <summary>It worked.</summary>
    public const int Success = 0;

    /// <summary>Bad data, a missing file, a damaged package, an internal error: anything but a usage error.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong (unknown option, missing argument, bad value).</summary>
    public const int Usage = 2;

    /// <summary>Interrupted with Ctrl+C before anything useful was written (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
