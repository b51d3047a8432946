using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Query;

/// <summary>
/// What a query may read: the lake's tables and view, as Athena's readers may, and nothing else. DuckDB can read any
/// file (<c>read_text('/etc/hostname')</c>, <c>FROM 'file.csv'</c>), list folders and describe itself through table
/// functions; Athena has none of that, so a table function or a table that is not the lake's is refused, by name,
/// before the query runs. The connection also allows file access under the lake alone (<see cref="LocalLake"/>).
/// </summary>
internal static class QueryGuard
{
    /// <summary>Refuses, in one line, anything in <paramref name="statement"/> (DuckDB's parse tree) that reads other than the lake's tables.</summary>
    /// <exception cref="ReplayException">A table function, or a table that is neither the lake's nor a WITH query's.</exception>
    public static void Check(JsonElement statement, LakeSettings settings)
    {
        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        AthenaScans.CollectCtes(statement, ctes);
        // A few tables' names are listed whole; many tables' as the pattern and the tables.
        string tables = settings.Tables.Count switch
        {
            0 => "none yet",
            <= 2 => string.Join(", ", settings.Tables.SelectMany(t => QueryTables.Kinds.Select(k => QueryTables.Name(t, k)))),
            _ => $"<table>_{string.Join(", <table>_", QueryTables.Kinds)} for each of {string.Join(", ", settings.Tables.Select(t => t.GlueName))}",
        };
        Visit(statement, ctes, settings, tables);
    }

    private static void Visit(JsonElement element, HashSet<string> ctes, LakeSettings settings, string tables)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                Visit(item, ctes, settings, tables);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        switch (Text(element, "type"))
        {
            case "TABLE_FUNCTION":
                string function = element.TryGetProperty("function", out JsonElement call) ? Text(call, "function_name") ?? "a table function" : "a table function";
                throw new ReplayException($"query reads the lake's tables ({tables}) and nothing else: {function}() is a table function, which Athena does not have.");
            case "BASE_TABLE":
                string table = Text(element, "table_name") ?? string.Empty;
                bool qualified = !string.IsNullOrEmpty(Text(element, "schema_name")) || !string.IsNullOrEmpty(Text(element, "catalog_name"));
                if (qualified || !(QueryTables.Find(settings, table) is not null || ctes.Contains(table)))
                {
                    throw new ReplayException($"query reads the lake's tables ({tables}) and nothing else; '{table}' is not one of them.");
                }

                break;
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            Visit(property.Value, ctes, settings, tables);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
