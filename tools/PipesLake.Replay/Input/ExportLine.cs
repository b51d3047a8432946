namespace PipesLake.Replay.Input;

/// <summary>One non-empty line of an export data file, and its number in the file (from 1).</summary>
internal delegate void ExportLine(ReadOnlySpan<byte> line, long number);
