namespace PipesLake.Blueprint;

/// <summary>One Glue table's ARNs, as Glue authorizes a request on it.</summary>
/// <param name="Catalog">The account's catalog in the region.</param>
/// <param name="Database">The table's database.</param>
/// <param name="Table">The table.</param>
public sealed record GlueTableArns(string Catalog, string Database, string Table)
{
    /// <summary>All three, for a statement's resources.</summary>
    public IReadOnlyList<string> All => [Catalog, Database, Table];
}
