namespace PipesLake.Blueprint;

/// <summary>What the reader policy is granted on.</summary>
/// <param name="Workgroup">The stack's Athena workgroup.</param>
/// <param name="Database">The Glue database name.</param>
/// <param name="Bucket">The lake bucket's ARN.</param>
/// <param name="Key">The stack's key.</param>
public sealed record ReaderPolicyArns(string Workgroup, string Database, string Bucket, string Key);
