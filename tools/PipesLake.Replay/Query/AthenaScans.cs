using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Query;

/// <summary>
/// The scans of projected tables in one SELECT, with what its WHERE clauses say of their partition columns, read
/// from DuckDB's parse tree (<c>json_serialize_sql</c>) and judged by <see cref="AthenaProjection"/>. A condition
/// counts for a scan when it is a conjunct of the WHERE clause of the SELECT that scans the table and compares a
/// partition column, bare, with values known before any data is read; anything else on that column (OR, a
/// function of it, a comparison with another column) is "other conditions", which Athena's injected columns refuse.
/// A scan of a <c>&lt;table&gt;_changes_current</c> view is a scan of its source, with the conditions on the columns it ranks within.
/// </summary>
internal static class AthenaScans
{
    private static readonly HashSet<string> s_specialValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
    };

    /// <summary>The verdict of every scan of a projected table in <paramref name="statement"/>, in the order they appear.</summary>
    public static IReadOnlyList<ProjectionVerdict> Of(JsonElement statement, LakeSettings settings)
    {
        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectCtes(statement, ctes);
        var verdicts = new List<ProjectionVerdict>();
        Visit(statement, settings, ctes, verdicts);
        return verdicts;
    }

    private static void Visit(JsonElement element, LakeSettings settings, HashSet<string> ctes, List<ProjectionVerdict> verdicts)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (Text(element, "type") == "SELECT_NODE")
            {
                Select(element, settings, ctes, verdicts);
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                Visit(property.Value, settings, ctes, verdicts);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                Visit(item, settings, ctes, verdicts);
            }
        }
    }

    private static void Select(JsonElement node, LakeSettings settings, HashSet<string> ctes, List<ProjectionVerdict> verdicts)
    {
        var scans = new List<(string Name, string Alias)>();
        if (node.TryGetProperty("from_table", out JsonElement from))
        {
            Tables(from, scans);
        }

        var conjuncts = new List<JsonElement>();
        if (node.TryGetProperty("where_clause", out JsonElement where) && where.ValueKind == JsonValueKind.Object)
        {
            Conjuncts(where, conjuncts);
        }

        foreach ((string name, string alias) in scans)
        {
            if (ctes.Contains(name) || QueryTables.Find(settings, name) is not (TableSettings source, string kind))
            {
                continue;
            }

            IReadOnlyList<string>? pushable = null;
            if (kind == QueryTables.ChangesCurrent)
            {
                (kind, _, IReadOnlyList<LakeColumn> rankedWithin) = QueryTables.CurrentViewSource(source);
                pushable = [.. rankedWithin.Select(p => p.Name)];
            }
            else if (kind == QueryTables.ChangesUnique)
            {
                // Numbered within every partition column: a condition on any of them reaches the scan of changes.
                kind = QueryTables.Changes;
            }

            string table = QueryTables.Name(source, kind);
            IReadOnlyList<ProjectedColumn> columns = QueryTables.Projection(kind, source);
            var filters = new Dictionary<string, PartitionFilter>(StringComparer.Ordinal);
            foreach (ProjectedColumn column in columns.Where(c => pushable is null || pushable.Contains(c.Name)))
            {
                filters[column.Name] = Filter(column.Name, alias.Length > 0 ? alias : name, conjuncts);
            }

            verdicts.Add(AthenaProjection.Evaluate(table, columns, filters));
        }
    }

    /// <summary>The base tables a FROM clause names, with their aliases; subqueries are SELECTs of their own.</summary>
    private static void Tables(JsonElement from, List<(string, string)> scans)
    {
        switch (Text(from, "type"))
        {
            case "BASE_TABLE":
                scans.Add((Text(from, "table_name") ?? string.Empty, Text(from, "alias") ?? string.Empty));
                break;
            case "JOIN":
                Tables(from.GetProperty("left"), scans);
                Tables(from.GetProperty("right"), scans);
                break;
        }
    }

    private static void Conjuncts(JsonElement expression, List<JsonElement> conjuncts)
    {
        if (Text(expression, "type") == "CONJUNCTION_AND")
        {
            foreach (JsonElement child in expression.GetProperty("children").EnumerateArray())
            {
                Conjuncts(child, conjuncts);
            }
        }
        else
        {
            conjuncts.Add(expression);
        }
    }

    /// <summary>What the conjuncts say of one column of the scan named <paramref name="scan"/> (its alias, else its name).</summary>
    private static PartitionFilter Filter(string column, string scan, List<JsonElement> conjuncts)
    {
        var filter = PartitionFilter.None;
        foreach (JsonElement conjunct in conjuncts)
        {
            if (!Mentions(conjunct, column, scan))
            {
                continue;
            }

            filter = Narrow(filter, conjunct, column, scan) ?? filter with { OtherConditions = true };
        }

        return filter;
    }

    /// <summary>The filter narrowed by one conjunct of static equality or a static range on the bare column, else null.</summary>
    private static PartitionFilter? Narrow(PartitionFilter filter, JsonElement conjunct, string column, string scan)
    {
        string? type = Text(conjunct, "type");
        if (type == "COMPARE_IN" && IsColumn(conjunct.GetProperty("children")[0], column, scan))
        {
            JsonElement[] values = [.. conjunct.GetProperty("children").EnumerateArray().Skip(1)];
            return values.All(IsStatic) ? Equal(filter, values) : null;
        }

        if (type == "COMPARE_BETWEEN" && IsColumn(conjunct.GetProperty("input"), column, scan))
        {
            return Bound(Bound(filter, conjunct.GetProperty("lower"), low: true), conjunct.GetProperty("upper"), low: false);
        }

        if (Text(conjunct, "class") != "COMPARISON")
        {
            return null;
        }

        JsonElement left = conjunct.GetProperty("left"), right = conjunct.GetProperty("right");
        bool columnLeft = IsColumn(left, column, scan);
        if (!(columnLeft ? IsStatic(right) : IsColumn(right, column, scan) && IsStatic(left)))
        {
            return null;
        }

        JsonElement value = columnLeft ? right : left;
        return (type, columnLeft) switch
        {
            ("COMPARE_EQUAL", _) => Equal(filter, [value]),
            ("COMPARE_GREATERTHANOREQUALTO", true) or ("COMPARE_LESSTHANOREQUALTO", false) => Bound(filter, value, low: true),
            ("COMPARE_LESSTHANOREQUALTO", true) or ("COMPARE_GREATERTHANOREQUALTO", false) => Bound(filter, value, low: false),
            ("COMPARE_GREATERTHAN", true) or ("COMPARE_LESSTHAN", false) => Bound(filter, value, low: true, strict: true),
            ("COMPARE_LESSTHAN", true) or ("COMPARE_GREATERTHAN", false) => Bound(filter, value, low: false, strict: true),
            _ => null,
        };
    }

    private static PartitionFilter Equal(PartitionFilter filter, JsonElement[] values)
    {
        string?[] known = [.. values.Select(Literal)];
        if (known.Any(k => k is null))
        {
            return filter with { UnknownEqual = Math.Max(filter.UnknownEqual, values.Length) };
        }

        var set = new HashSet<string>(known!, StringComparer.Ordinal);
        if (filter.Equal is { } earlier)
        {
            set.IntersectWith(earlier);
        }

        return filter with { Equal = set };
    }

    private static PartitionFilter? Bound(PartitionFilter? filter, JsonElement value, bool low, bool strict = false)
    {
        if (filter is null || !long.TryParse(Literal(value), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long bound))
        {
            // A range Athena knows only when the query runs: no narrower here, and not equality.
            return filter is null ? null : filter with { OtherConditions = true };
        }

        bound += strict ? (low ? 1 : -1) : 0;
        return low
            ? filter with { Low = Math.Max(filter.Low ?? long.MinValue, bound) }
            : filter with { High = Math.Min(filter.High ?? long.MaxValue, bound) };
    }

    private static bool IsColumn(JsonElement expression, string column, string scan)
    {
        if (Text(expression, "class") != "COLUMN_REF")
        {
            return false;
        }

        string[] names = [.. expression.GetProperty("column_names").EnumerateArray().Select(n => n.GetString() ?? string.Empty)];
        return string.Equals(names[^1], column, StringComparison.OrdinalIgnoreCase)
            && (names.Length == 1 || string.Equals(names[^2], scan, StringComparison.OrdinalIgnoreCase));
    }

    private static bool Mentions(JsonElement expression, string column, string scan) =>
        IsColumn(expression, column, scan)
        || (expression.ValueKind == JsonValueKind.Object && expression.EnumerateObject().Any(p => Mentions(p.Value, column, scan)))
        || (expression.ValueKind == JsonValueKind.Array && expression.EnumerateArray().Any(e => Mentions(e, column, scan)));

    /// <summary>
    /// An expression that reads no data: no column, no subquery (<c>year(current_date)</c>, a literal). The parser
    /// reads <c>current_date</c> and its kin, SQL's parameterless special values, as column names.
    /// </summary>
    private static bool IsStatic(JsonElement expression) => expression.ValueKind switch
    {
        JsonValueKind.Object when Text(expression, "class") == "COLUMN_REF" =>
            expression.GetProperty("column_names") is { } names && names.GetArrayLength() == 1 && s_specialValues.Contains(names[0].GetString() ?? string.Empty),
        JsonValueKind.Object => Text(expression, "class") != "SUBQUERY" && expression.EnumerateObject().All(p => IsStatic(p.Value)),
        JsonValueKind.Array => expression.EnumerateArray().All(IsStatic),
        _ => true,
    };

    /// <summary>The text of a literal (a number as written), through casts; null for anything else.</summary>
    private static string? Literal(JsonElement expression)
    {
        switch (Text(expression, "class"))
        {
            case "CAST":
                return Literal(expression.GetProperty("child"));
            case "CONSTANT":
                JsonElement constant = expression.GetProperty("value");
                if (constant.GetProperty("is_null").GetBoolean())
                {
                    return null;
                }

                JsonElement value = constant.GetProperty("value");
                return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            default:
                return null;
        }
    }

    /// <summary>The names of the common table expressions (WITH) anywhere in a statement.</summary>
    internal static void CollectCtes(JsonElement element, HashSet<string> ctes)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("cte_map", out JsonElement map) && map.TryGetProperty("map", out JsonElement entries))
            {
                foreach (JsonElement entry in entries.EnumerateArray())
                {
                    ctes.Add(Text(entry, "key") ?? string.Empty);
                }
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                CollectCtes(property.Value, ctes);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                CollectCtes(item, ctes);
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
