namespace AutoDL.Cli;

/// <summary>A command-line value that parses but makes no sense (e.g. a negative time limit); exits with code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
