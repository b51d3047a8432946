namespace PipesLake.Blueprint;

/// <summary>A saved Athena query that shows the lake's layout.</summary>
/// <param name="Id">Part of the resource name.</param>
/// <param name="Name">The name Athena shows.</param>
/// <param name="Description">What it answers.</param>
/// <param name="Sql">The query.</param>
public sealed record ExampleQuery(string Id, string Name, string Description, string Sql);
