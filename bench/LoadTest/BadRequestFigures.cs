namespace AutoDL.Bench.LoadTest;

/// <summary>What the server answered to one kind of bad request over a soak.</summary>
/// <param name="Name">The kind (<see cref="BadRequest.Name"/>).</param>
/// <param name="ExpectedStatus">The documented refusal.</param>
/// <param name="Sent">Requests of this kind sent.</param>
/// <param name="Outcomes">Answers by status code, or "no answer in N s" / "connection error".</param>
/// <param name="Unexpected">Requests that got anything but the expected status.</param>
internal sealed record BadRequestFigures(string Name, int ExpectedStatus, long Sent, IReadOnlyDictionary<string, long> Outcomes, long Unexpected);
