namespace AutoDL.Tests.TestData;

/// <summary>Files committed with the repository that tests read: the sample, package fixtures.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoDL.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("AutoDL.slnx not found above the test binaries.");
    }

    /// <summary>The README's 1,000-image Fashion-MNIST sample.</summary>
    public static string Sample => Path.Combine(Root(), "samples", "fashion-mnist-1k");

    /// <summary>Packages written by earlier versions, kept to prove they still load and predict the same.</summary>
    public static string PackageFixtures => Path.Combine(Root(), "tests", "AutoDL.Tests", "TestData", "Packages");
}
