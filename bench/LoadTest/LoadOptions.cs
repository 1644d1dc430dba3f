namespace AutoDL.Bench.LoadTest;

/// <summary>One load run: who to hit, with what, how hard and for how long.</summary>
/// <param name="Url">The predict URL, e.g. http://127.0.0.1:8080/v1/predict.</param>
/// <param name="Images">Folder searched recursively for PNG files; clients cycle through them.</param>
/// <param name="Clients">Concurrent clients, each with one request in flight at a time (a closed loop).</param>
/// <param name="Duration">How long to measure.</param>
/// <param name="Warmup">How long to send before measuring (JIT, thread pools, connections), not counted.</param>
/// <param name="Label">Names the run in the report.</param>
/// <param name="Output">JSON file for the result.</param>
/// <param name="Get">Send GET requests without a body instead of posting images (to measure HTTP alone, e.g. on /healthz).</param>
/// <param name="ServerPid">The server's process id, to read its CPU time from /proc over the measured window.</param>
internal sealed record LoadOptions(string Url, string Images, int Clients, TimeSpan Duration, TimeSpan Warmup, string Label, string? Output, bool Get, int? ServerPid);
