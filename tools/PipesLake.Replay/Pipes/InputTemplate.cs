using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PipesLake.Replay.Pipes;

/// <summary>
/// An EventBridge Pipes input template: text with <c>&lt;$.path&gt;</c> placeholders and
/// <c>&lt;aws.pipes.*&gt;</c> variables. Unquoted, a placeholder inserts the value's JSON as it is;
/// inside quotes it inserts the value as string content (a string without its quotes, anything else as
/// escaped JSON text). A missing path gives <c>null</c> unquoted and an empty string quoted.
/// </summary>
internal sealed partial class InputTemplate
{
    private readonly TemplateSegment[] _segments;
    private readonly PipeVariables _variables;

    private InputTemplate(TemplateSegment[] segments, PipeVariables variables)
    {
        _segments = segments;
        _variables = variables;
    }

    public static InputTemplate Parse(string template, PipeVariables variables)
    {
        var segments = new List<TemplateSegment>();
        int at = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            bool quoted = match.Index > 0 && template[match.Index - 1] == '"'
                && match.Index + match.Length < template.Length && template[match.Index + match.Length] == '"';
            segments.Add(new TemplateSegment(Encoding.UTF8.GetBytes(template[at..match.Index]), null, null, false));
            string inner = match.Groups[1].Value;
            if (inner.StartsWith('$'))
            {
                segments.Add(new TemplateSegment([], ParsePath(inner), null, quoted));
            }
            else
            {
                CheckVariable(inner);
                segments.Add(new TemplateSegment([], null, inner, quoted));
            }

            at = match.Index + match.Length;
        }

        segments.Add(new TemplateSegment(Encoding.UTF8.GetBytes(template[at..]), null, null, false));
        return new InputTemplate(segments.Where(s => s.Literal.Length > 0 || s.Path is not null || s.Variable is not null).ToArray(), variables);
    }

    /// <summary>The top-level fields the template reads, or null when a path goes deeper (then only <see cref="Render(JsonElement, IBufferWriter{byte})"/> serves).</summary>
    public IReadOnlyList<string>? TopLevelFields =>
        _segments.Any(s => s.Path is { Length: not 1 } || s.Variable is "aws.pipes.event") ? null : [.. _segments.Where(s => s.Path is not null).Select(s => s.Path![0]).Distinct()];

    /// <summary>
    /// Renders the template from a <see cref="RecordView"/> that keeps <see cref="TopLevelFields"/>: the same bytes
    /// as <see cref="Render(JsonElement, IBufferWriter{byte})"/>, which writes a value's raw JSON too.
    /// </summary>
    public void Render(ReadOnlySpan<byte> record, RecordView view, IBufferWriter<byte> output)
    {
        foreach (TemplateSegment segment in _segments)
        {
            if (segment.Path is not null)
            {
                bool present = view.TryGet(record, IndexOf(view, segment.Path[0]), out ReadOnlySpan<byte> raw);
                WriteValue(raw, present, segment.Quoted, output);
            }
            else if (segment.Variable is "aws.pipes.event.json")
            {
                output.Write(view.Whole(record));
            }
            else if (segment.Variable is not null)
            {
                WriteText(Variable(segment.Variable), segment.Quoted, output);
            }
            else
            {
                output.Write(segment.Literal);
            }
        }
    }

    /// <summary>Renders the template for one source record.</summary>
    public void Render(JsonElement record, IBufferWriter<byte> output)
    {
        foreach (TemplateSegment segment in _segments)
        {
            if (segment.Path is not null)
            {
                WriteValue(Resolve(record, segment.Path), segment.Quoted, output);
            }
            else if (segment.Variable is not null)
            {
                WriteVariable(segment.Variable, record, segment.Quoted, output);
            }
            else
            {
                output.Write(segment.Literal);
            }
        }
    }

    private static JsonElement? Resolve(JsonElement record, string[] path)
    {
        JsonElement current = record;
        foreach (string step in path)
        {
            if (int.TryParse(step, out int index) && current.ValueKind == JsonValueKind.Array)
            {
                if (index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static void WriteValue(JsonElement? value, bool quoted, IBufferWriter<byte> output) =>
        WriteValue(value is { } element ? JsonMarshal.GetRawUtf8Value(element) : default, value is not null, quoted, output);

    /// <summary>A value's raw JSON: as it is unquoted; inside quotes a string's content, or anything else as escaped text.</summary>
    private static void WriteValue(ReadOnlySpan<byte> raw, bool present, bool quoted, IBufferWriter<byte> output)
    {
        if (!present)
        {
            output.Write(quoted ? ""u8 : "null"u8);
        }
        else if (!quoted)
        {
            output.Write(raw);
        }
        else if (raw[0] == (byte)'"')
        {
            output.Write(raw[1..^1]);
        }
        else
        {
            output.Write(JsonEncodedText.Encode(raw, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
        }
    }

    private static int IndexOf(RecordView view, string field)
    {
        for (int i = 0; i < view.Names.Count; i++)
        {
            if (view.Names[i] == field)
            {
                return i;
            }
        }

        throw new ArgumentException($"The record view does not keep '{field}'.", nameof(view));
    }

    private void WriteVariable(string variable, JsonElement record, bool quoted, IBufferWriter<byte> output)
    {
        if (variable == "aws.pipes.event.json")
        {
            output.Write(JsonMarshal.GetRawUtf8Value(record));
            return;
        }

        WriteText(variable == "aws.pipes.event" ? Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(record)) : Variable(variable), quoted, output);
    }

    private string Variable(string variable) => variable switch
    {
        "aws.pipes.pipe-arn" => _variables.PipeArn,
        "aws.pipes.pipe-name" => _variables.PipeName,
        "aws.pipes.source-arn" => _variables.SourceArn,
        "aws.pipes.target-arn" => _variables.TargetArn,
        "aws.pipes.event.ingestion-time" => _variables.IngestionTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(variable), variable, "not a Pipes reserved variable"),
    };

    private static void WriteText(string text, bool quoted, IBufferWriter<byte> output)
    {
        ReadOnlySpan<byte> encoded = JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        if (!quoted)
        {
            output.Write("\""u8);
        }

        output.Write(encoded);
        if (!quoted)
        {
            output.Write("\""u8);
        }
    }

    private static string[] ParsePath(string path)
    {
        // $.a.b[0].c → a, b, 0, c
        return path[1..].Replace("[", ".", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)
            .Split('.', StringSplitOptions.RemoveEmptyEntries);
    }

    private static void CheckVariable(string variable)
    {
        string[] known = ["aws.pipes.pipe-arn", "aws.pipes.pipe-name", "aws.pipes.source-arn", "aws.pipes.target-arn", "aws.pipes.event.ingestion-time", "aws.pipes.event", "aws.pipes.event.json"];
        if (!known.Contains(variable))
        {
            throw new ReplayException($"The input template uses <{variable}>, which is not a Pipes reserved variable.");
        }
    }

    [GeneratedRegex(@"<(\$(?:\.[A-Za-z0-9_@:-]+|\[\d+\])*|aws\.pipes\.[a-z.-]+)>")]
    private static partial Regex Placeholder();
}
