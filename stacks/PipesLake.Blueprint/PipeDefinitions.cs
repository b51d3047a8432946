using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>A table's pipe's event filter and input template: what the stack deploys and the replay runs.</summary>
public static class PipeDefinitions
{
    /// <summary>EventBridge Pipes' limit on one filter pattern.</summary>
    public const int MaxPatternLength = 4096;

    /// <summary>The principal DynamoDB's TTL deletes carry in <c>userIdentity.principalId</c>.</summary>
    public const string TtlPrincipal = "dynamodb.amazonaws.com";

    // Static text of a template: '<' and '>' are escaped, so no attribute name can look like a <$.path> placeholder.
    private static readonly JsonSerializerOptions s_templateText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    /// <summary>
    /// The input template that turns a table's stream record into the function's contract. First the table's
    /// partitioning rules (<see cref="LakeContract.Partitioning"/>), static text, so one function serves every table;
    /// then the ids, hex, and the name, an enum, quoted as plain strings; <c>dynamodb</c> is inserted unquoted so it
    /// stays a JSON object, exactly as the stream wrote it (keys, images, sequence number, creation time). Nothing is
    /// renamed inside it, so the function reads DynamoDB's own names.
    /// </summary>
    public static string InputTemplate(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        string rules = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{{\"{LakeContract.RuleSiteAttribute}\":{Text(table.SiteAttribute)},\"{LakeContract.RuleTimeAttribute}\":{Text(table.TimeAttribute)},\"{LakeContract.RulePartitionTime}\":\"{PartitionerEnvironment.PartitionTimeValue(table.PartitionTime)}\"}}");
        return $$"""{"{{LakeContract.Partitioning}}":{{rules}},"eventId":"<$.eventID>","eventName":"<$.eventName>","dynamodb":<$.dynamodb>}""";
    }

    /// <summary>
    /// A table's filter patterns (a record passes when any matches), each with the table's own filter, if any, in it:
    /// every field of a pattern must match. Excluding TTL deletes needs a second pattern: REMOVE only when
    /// <c>userIdentity</c> is absent, because <c>anything-but</c> would also drop every record that has no
    /// <c>userIdentity</c> at all.
    /// </summary>
    public static IReadOnlyList<string> FilterPatterns(TableSettings table)
    {
        ArgumentNullException.ThrowIfNull(table);
        bool splitRemoves = table.ExcludeTtlDeletes && table.EventNames.Contains("REMOVE");
        var patterns = new List<string>(2);
        string[] others = [.. table.EventNames.Where(n => !splitRemoves || n != "REMOVE")];
        if (others.Length > 0)
        {
            patterns.Add(Pattern(others, excludeTtl: false, table.Filter));
        }

        if (splitRemoves)
        {
            patterns.Add(Pattern(["REMOVE"], excludeTtl: true, table.Filter));
        }

        return patterns;
    }

    private static string Text(string value) => JsonSerializer.Serialize(value, s_templateText);

    private static string Pattern(IReadOnlyList<string> eventNames, bool excludeTtl, string? filter)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("eventName");
            foreach (string name in eventNames)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            if (excludeTtl)
            {
                writer.WriteStartObject("userIdentity");
                writer.WriteStartArray("principalId");
                writer.WriteStartObject();
                writer.WriteBoolean("exists", false);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            // The table's own filter names neither eventName nor userIdentity (the settings refuse it), so its fields
            // sit beside these, and a record must match them all.
            foreach (KeyValuePair<string, JsonNode?> field in filter is null ? [] : JsonNode.Parse(filter)!.AsObject())
            {
                writer.WritePropertyName(field.Key);
                field.Value!.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
