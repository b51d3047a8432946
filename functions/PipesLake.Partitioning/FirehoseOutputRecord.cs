namespace PipesLake.Partitioning;

/// <summary>One record of the transformation response.</summary>
/// <param name="RecordId">The input's id.</param>
/// <param name="Result">Ok or ProcessingFailed.</param>
/// <param name="Data">Base64 of the lake line, or the input's data unchanged when it failed.</param>
/// <param name="Key">The partition when Ok; default otherwise.</param>
/// <param name="Failure">Why it failed, or <see cref="RecordFailure.None"/>.</param>
/// <param name="Detail">A fixed, payload-free description of the failure; empty when Ok.</param>
public sealed record FirehoseOutputRecord(
    string RecordId,
    FirehoseRecordResult Result,
    string Data,
    PartitionKey Key,
    RecordFailure Failure,
    string Detail);
