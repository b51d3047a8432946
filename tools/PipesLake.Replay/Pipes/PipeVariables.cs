namespace PipesLake.Replay.Pipes;

/// <summary>Values of the <c>aws.pipes.*</c> reserved variables a template may use.</summary>
internal sealed record PipeVariables(string PipeArn, string PipeName, string SourceArn, string TargetArn, DateTimeOffset IngestionTime);
