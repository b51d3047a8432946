using System.Text;
using System.Text.Json;

namespace PipesLake.Blueprint;

/// <summary>The pipe's event filter and input template: what the stack deploys and the replay runs.</summary>
public static class PipeDefinitions
{
    /// <summary>EventBridge Pipes' limit on one filter pattern.</summary>
    public const int MaxPatternLength = 4096;

    /// <summary>
    /// The input template that turns a DynamoDB stream record into the function's contract. The ids
    /// are hex and the names an enum, so they are quoted as plain strings; <c>dynamodb</c> is inserted
    /// unquoted so it stays a JSON object, exactly as the stream wrote it (keys, images, sequence
    /// number, creation time). Nothing is renamed inside it, so the function reads DynamoDB's own names.
    /// </summary>
    public const string InputTemplate = """{"eventId":"<$.eventID>","eventName":"<$.eventName>","dynamodb":<$.dynamodb>}""";

    /// <summary>The principal DynamoDB's TTL deletes carry in <c>userIdentity.principalId</c>.</summary>
    public const string TtlPrincipal = "dynamodb.amazonaws.com";

    /// <summary>
    /// The filter patterns (a record passes when any matches). Excluding TTL deletes needs a second
    /// pattern: REMOVE only when <c>userIdentity</c> is absent, because <c>anything-but</c> would also
    /// drop every record that has no <c>userIdentity</c> at all.
    /// </summary>
    public static IReadOnlyList<string> FilterPatterns(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        bool splitRemoves = settings.ExcludeTtlDeletes && settings.EventNames.Contains("REMOVE");
        var patterns = new List<string>(2);
        string[] others = settings.EventNames.Where(n => !splitRemoves || n != "REMOVE").ToArray();
        if (others.Length > 0)
        {
            patterns.Add(Pattern(others, excludeTtl: false));
        }

        if (splitRemoves)
        {
            patterns.Add(Pattern(["REMOVE"], excludeTtl: true));
        }

        return patterns;
    }

    private static string Pattern(IReadOnlyList<string> eventNames, bool excludeTtl)
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

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
