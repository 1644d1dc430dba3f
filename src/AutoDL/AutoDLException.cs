namespace AutoDL;

/// <summary>
/// An error the user can cause and fix (bad data, a bad path, a damaged package). Its message names
/// the file, field or value at fault and what to do; front ends show it without a stack trace.
/// </summary>
public class AutoDLException : Exception
{
    /// <summary>Creates an error with a message meant for the user.</summary>
    public AutoDLException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message meant for the user and the low-level cause.</summary>
    public AutoDLException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
