namespace PipesLake.Blueprint;

/// <summary>What the pipe's role is granted on: one of each.</summary>
/// <param name="Pipe">The pipe itself (its key context and its trust policy name it).</param>
/// <param name="Stream">The table's stream, the source.</param>
/// <param name="TableName">The table, named in DynamoDB's encryption context.</param>
/// <param name="DeliveryStream">The Firehose target.</param>
/// <param name="Queue">The dead-letter queue.</param>
/// <param name="Key">The stack's key (the pipe's own data, the queue).</param>
/// <param name="LogGroup">The pipe's log group.</param>
/// <param name="StreamKey">The customer-managed key the table's stream is encrypted with (the stack's key for a table the stack
/// creates, the table's own for an existing one), or null for an AWS owned or AWS managed key.</param>
public sealed record PipeRoleArns(string Pipe, string Stream, string TableName, string DeliveryStream, string Queue, string Key, string LogGroup, string? StreamKey);
