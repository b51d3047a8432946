namespace PipesLake.Replay.Reconcile;

/// <summary>What <c>reconcile</c> takes besides the export and the lake.</summary>
/// <param name="Tolerance">A difference with a change this close to the export time, on either side, is reported apart.</param>
/// <param name="KeysPerKind">Keys named for each kind, the first in key order.</param>
/// <param name="ReportPath">Where the JSON report goes (a full path), or null.</param>
/// <param name="SortMemoryBytes">Sort records held in memory before they go to disk.</param>
internal sealed record ReconcileOptions(TimeSpan Tolerance, int KeysPerKind, string? ReportPath, long SortMemoryBytes);
