namespace AutoDL.Search;

/// <summary>
/// A trial's error that every later trial would hit too (the output folder cannot be written, the disk is full):
/// the study records the trial as failed and stops, instead of spending the rest of the budget failing.
/// </summary>
public sealed class StudyCannotContinueException : AutoDLException
{
    /// <summary>Creates the error with a message meant for the user and the low-level cause.</summary>
    public StudyCannotContinueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
