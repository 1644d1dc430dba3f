namespace AutoDL.Bench.LoadTest;

/// <summary>One soak: well-behaved clients, slow clients and bursts of bad requests against one server at once, for a long time.</summary>
/// <param name="Url">The server's base address, e.g. http://127.0.0.1:8080.</param>
/// <param name="Images">Folder searched recursively for PNG files; the well-behaved clients cycle through them.</param>
/// <param name="GoodClients">Well-behaved clients, each posting one PNG at a time (a closed loop).</param>
/// <param name="SlowClients">Clients that each hold a connection by trickling a body (<see cref="SlowClient"/>).</param>
/// <param name="Duration">How long the soak runs.</param>
/// <param name="BurstEvery">The interval between bursts of bad requests.</param>
/// <param name="BurstSize">Concurrent bad requests per burst.</param>
/// <param name="Label">Names the run in the report.</param>
/// <param name="Output">JSON file for the result.</param>
/// <param name="ServerPid">The server's process id, to read its memory and CPU time from /proc.</param>
internal sealed record SoakOptions(string Url, string Images, int GoodClients, int SlowClients, TimeSpan Duration, TimeSpan BurstEvery, int BurstSize, string Label, string? Output, int? ServerPid);
