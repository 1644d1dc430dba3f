using System.Runtime.InteropServices;

namespace AutoDL.Search;

/// <summary>Turns what a failed trial threw into the reason the study records, so failures are data a person and a sampler can use.</summary>
public static class TrialFailure
{
    /// <summary>The prefix of the note of a trial that ran out of memory.</summary>
    public const string OutOfMemory = "out of memory";

    /// <summary>The prefix of the note of a trial whose process stopped while it ran: killed, crashed, or killed by the kernel for lack of memory.</summary>
    public const string DiedWithProcess = "stale";

    /// <summary>The prefix of the note of a trial a constraint rejected before training.</summary>
    public const string Rejected = "rejected before training";

    /// <summary>A one-line reason: "out of memory: …" for managed and native allocation failures, "error in native code: …" for other libtorch errors, else the exception's type and message.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message.Split('\n', 2)[0].Trim();
        if (exception is OutOfMemoryException || IsNativeOutOfMemory(message))
        {
            return $"{OutOfMemory}: {message}";
        }
        // TorchSharp reports libtorch's C++ exceptions as ExternalException; the first line carries libtorch's message.
        return exception is ExternalException ? $"error in native code: {message}" : $"{exception.GetType().Name}: {message}";
    }

    /// <summary>Whether a recorded trial failed for lack of memory.</summary>
    public static bool IsOutOfMemory(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.State == TrialState.Fail && trial.Note?.StartsWith(OutOfMemory, StringComparison.Ordinal) == true;
    }

    /// <summary>Whether a recorded trial ended because its process stopped while it ran (see <see cref="DiedWithProcess"/>).</summary>
    public static bool DiedWithItsProcess(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.State == TrialState.Fail && trial.Note?.StartsWith(DiedWithProcess, StringComparison.Ordinal) == true;
    }

    private static bool IsNativeOutOfMemory(string message) =>
        message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase)
        || message.Contains("bad_alloc", StringComparison.Ordinal);
}
