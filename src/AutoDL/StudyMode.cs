namespace AutoDL;

/// <summary>What a fit does with a study an earlier run left in its output folder.</summary>
public enum StudyMode
{
    /// <summary>Continue the study when there is one (same data required), else start one.</summary>
    Continue,

    /// <summary>Continue the study; fail when the folder holds none (what <c>--resume</c> asks for).</summary>
    Resume,

    /// <summary>Start a new study; the old one is kept under a dated name, never deleted.</summary>
    New,
}
