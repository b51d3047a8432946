namespace PipesLake.Replay.DeadLetters;

/// <summary>What reading a batch back from its stream came to.</summary>
internal enum BatchOutcome
{
    /// <summary>Every record from the first to the last, both found by their sequence numbers.</summary>
    Recovered,

    /// <summary>Some records read, but not from the first to the last: the stream no longer holds the rest.</summary>
    Partial,

    /// <summary>No record of the batch read: the stream no longer holds them, or the stream or shard is gone.</summary>
    Lost,
}
