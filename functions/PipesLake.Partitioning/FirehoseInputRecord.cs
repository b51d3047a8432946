namespace PipesLake.Partitioning;

/// <summary>One record of a Firehose transformation request.</summary>
/// <param name="RecordId">Firehose's id, returned unchanged.</param>
/// <param name="Data">Base64 of the pipe's contract JSON.</param>
public readonly record struct FirehoseInputRecord(string RecordId, string? Data);
