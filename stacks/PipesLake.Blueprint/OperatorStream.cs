namespace PipesLake.Blueprint;

/// <summary>
/// A table whose stream an operator reads batches back from (<c>pipeslake-replay dlq</c>), and the customer-managed key
/// its stream is under: the stack's for a table it creates, the table's own for an existing one, null for a table under
/// an AWS owned or AWS managed key.
/// </summary>
/// <param name="TableName">The table's name.</param>
/// <param name="StreamKey">The key's ARN, or null.</param>
public sealed record OperatorStream(string TableName, string? StreamKey);
