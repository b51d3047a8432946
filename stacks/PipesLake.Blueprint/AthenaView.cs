using System.Text;
using System.Text.Json;

namespace PipesLake.Blueprint;

/// <summary>
/// An Athena view as the Glue Data Catalog stores it, so <c>pulumi up</c> creates it with no DDL run by
/// hand. Athena writes a view it creates as a Glue table of type <c>VIRTUAL_VIEW</c> whose
/// <c>ViewOriginalText</c> is <c>/* Presto View: &lt;base64 of a JSON definition&gt; */</c> holding the SQL, the
/// catalog, the schema and the columns with their Trino types, with <c>ViewExpandedText</c>
/// <c>/* Presto View */</c> and the table parameter <c>presto_view = true</c> (Athena User Guide, "Working
/// with views", and the Glue <c>TableInput</c> of a view that <c>glue get-table</c> returns for one).
/// </summary>
public static class AthenaView
{
    /// <summary>Athena's name for the Glue Data Catalog.</summary>
    public const string Catalog = "awsdatacatalog";

    /// <summary>The Glue table type of a view.</summary>
    public const string TableType = "VIRTUAL_VIEW";

    /// <summary>The expanded text Athena writes for its views.</summary>
    public const string ExpandedText = "/* Presto View */";

    /// <summary>The table parameters Athena writes for its views.</summary>
    public static IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["presto_view"] = "true",
        ["comment"] = "Presto View",
    };

    /// <summary>The view's <c>ViewOriginalText</c>.</summary>
    public static string OriginalText(string sql, string database, IReadOnlyList<LakeColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("originalSql", sql);
            writer.WriteString("catalog", Catalog);
            writer.WriteString("schema", database);
            writer.WriteStartArray("columns");
            foreach (LakeColumn column in columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WriteString("type", column.Type.ToTrino());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return $"/* Presto View: {Convert.ToBase64String(json.ToArray())} */";
    }

    /// <summary>The JSON definition inside a <c>ViewOriginalText</c>, for tests and tools.</summary>
    public static string Decode(string originalText)
    {
        ArgumentNullException.ThrowIfNull(originalText);
        const string Head = "/* Presto View: ";
        const string Tail = " */";
        return originalText.StartsWith(Head, StringComparison.Ordinal) && originalText.EndsWith(Tail, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(originalText[Head.Length..^Tail.Length]))
            : throw new FormatException("Not an Athena view's original text.");
    }
}
