namespace PipesLake.Partitioning;

/// <summary>The transformed batch: one output per input, in input order, and its counts.</summary>
public sealed record FirehoseBatchResult(IReadOnlyList<FirehoseOutputRecord> Records, BatchSummary Summary);
