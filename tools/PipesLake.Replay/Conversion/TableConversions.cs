using PipesLake.Blueprint;

namespace PipesLake.Replay.Conversion;

/// <summary>
/// A Parquet lake's conversion of each table (its own <c>changes</c> columns), found by the prefix or key a line or an
/// object is bound for. Every table's is made up front, so a column the offline writer cannot write stops the run
/// before it reads anything.
/// </summary>
internal sealed class TableConversions
{
    private readonly StackTables _tables;
    private readonly Dictionary<string, ConversionCheck> _byTable;

    private TableConversions(StackTables tables, DateTimeOffset arrival)
    {
        _tables = tables;
        _byTable = tables.Settings.Tables.ToDictionary(t => t.Name, t => ConversionCheck.For(tables.Settings, t, arrival)!, StringComparer.Ordinal);
    }

    /// <summary>The conversions of a Parquet stack's lake, or null for a JSON lake.</summary>
    /// <exception cref="ReplayException">A table has a column the offline writer does not write.</exception>
    public static TableConversions? For(StackTables tables, DateTimeOffset arrival) =>
        tables.Settings.Format == LakeFormat.Parquet ? new TableConversions(tables, arrival) : null;

    /// <summary>The check of a table.</summary>
    public ConversionCheck Of(TableSettings table) => _byTable[table.Name];

    /// <summary>The check of the table whose data a prefix or key is under, or null for any other (errors).</summary>
    public ConversionCheck? Of(string prefixOrKey) =>
        prefixOrKey.StartsWith(LakePrefixes.DataRoot, StringComparison.Ordinal) && _tables.OfKey(prefixOrKey) is { } table ? _byTable[table.Name] : null;
}
