namespace AutoDL.Data.Quality;

/// <summary>How alike two images are.</summary>
public enum DuplicateKind
{
    /// <summary>The same pixels once decoded (a copy, or the same image saved again).</summary>
    Exact,

    /// <summary>Perceptual hashes a few bits apart: the same picture re-encoded, resized or slightly edited.</summary>
    Near,
}
