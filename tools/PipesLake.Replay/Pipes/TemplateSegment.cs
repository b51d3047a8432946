namespace PipesLake.Replay.Pipes;

/// <summary>One piece of a parsed template: literal text, or a placeholder and whether it sits inside quotes.</summary>
internal sealed record TemplateSegment(byte[] Literal, string[]? Path, string? Variable, bool Quoted);
