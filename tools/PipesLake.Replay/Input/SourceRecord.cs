namespace PipesLake.Replay.Input;

/// <summary>One stream record as read from the input, with the line it starts on. <see cref="Json"/> is valid until the reader moves on.</summary>
internal readonly record struct SourceRecord(long Line, ReadOnlyMemory<byte> Json);
