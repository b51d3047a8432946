namespace PipesLake.Partitioning;

/// <summary>
/// What <see cref="RecordTransformer.Transform"/> made of one record.
/// </summary>
/// <param name="Failure"><see cref="RecordFailure.None"/> when the record became a lake line.</param>
/// <param name="Detail">A fixed description of what was wrong, free of payload data; empty when the record is good.</param>
/// <param name="Key">The record's partition; default when it failed.</param>
public readonly record struct TransformOutcome(RecordFailure Failure, string Detail, PartitionKey Key)
{
    /// <summary>True when the record became a lake line.</summary>
    public bool IsOk => Failure == RecordFailure.None;

    internal static TransformOutcome Ok(PartitionKey key) => new(RecordFailure.None, string.Empty, key);

    internal static TransformOutcome Failed(RecordFailure failure, string detail) => new(failure, detail, default);
}
