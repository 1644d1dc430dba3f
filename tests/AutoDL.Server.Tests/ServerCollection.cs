using AutoDL.Server.Tests.Support;

namespace AutoDL.Server.Tests;

/// <summary>
/// Server tests share one model package and predictor, and libtorch's seeds and thread counts are
/// process-wide (the package is built with TorchSharp): they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection : ICollectionFixture<TestModel>, ICollectionFixture<TestDetector>, ICollectionFixture<TestSegmenter>
{
    public const string Name = "Server";
}
