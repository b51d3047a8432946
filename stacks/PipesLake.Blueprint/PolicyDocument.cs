using System.Text;
using System.Text.Json;

namespace PipesLake.Blueprint;

/// <summary>An IAM policy document, rendered to JSON with a fixed layout so that previews stay stable.</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>The policy language version.</summary>
    public const string Version = "2012-10-17";

    /// <summary>The document as AWS expects it.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", Version);
            writer.WriteStartArray("Statement");
            foreach (PolicyStatement statement in Statements)
            {
                WriteStatement(writer, statement);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", statement.Sid);
        writer.WriteString("Effect", statement.Effect);
        if (statement.Principal is { } principal)
        {
            if (principal == PolicyPrincipal.Anyone)
            {
                writer.WriteString("Principal", "*");
            }
            else
            {
                writer.WriteStartObject("Principal");
                writer.WriteString(principal.Type, principal.Value);
                writer.WriteEndObject();
            }
        }

        WriteList(writer, "Action", statement.Actions);
        if (statement.Resources.Count > 0)
        {
            WriteList(writer, "Resource", statement.Resources);
        }

        if (statement.Conditions.Count > 0)
        {
            writer.WriteStartObject("Condition");
            foreach (IGrouping<string, PolicyCondition> byOperator in statement.Conditions.GroupBy(c => c.Operator))
            {
                writer.WriteStartObject(byOperator.Key);
                foreach (PolicyCondition condition in byOperator)
                {
                    WriteList(writer, condition.Key, condition.Values);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
