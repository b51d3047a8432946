using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// A Firehose S3 prefix with its <c>!{namespace:expression}</c> parts: <c>partitionKeyFromLambda:key</c>,
/// <c>timestamp:pattern</c> (Java DateTimeFormatter letters y, M, d, H, m, s and quoted text, in UTC)
/// and <c>firehose:error-output-type</c> / <c>firehose:random-string</c>.
/// </summary>
internal sealed partial class PrefixExpression
{
    private readonly (string Literal, string? Namespace, string? Expression)[] _parts;

    private PrefixExpression((string, string?, string?)[] parts) => _parts = parts;

    public static PrefixExpression Parse(string prefix)
    {
        var parts = new List<(string, string?, string?)>();
        int at = 0;
        foreach (Match match in Expression().Matches(prefix))
        {
            parts.Add((prefix[at..match.Index], null, null));
            string ns = match.Groups[1].Value;
            string expression = match.Groups[2].Value;
            parts.Add((string.Empty, ns, ns == "timestamp" ? ToDotNetFormat(expression) : expression));
            if (ns is not ("partitionKeyFromLambda" or "timestamp" or "firehose")
                || (ns == "firehose" && expression is not ("error-output-type" or "random-string")))
            {
                throw new ReplayException($"The prefix uses !{{{ns}:{expression}}}, which the replay does not evaluate.");
            }

            at = match.Index + match.Length;
        }

        parts.Add((prefix[at..], null, null));
        return new PrefixExpression([.. parts]);
    }

    /// <summary>The prefix for one record.</summary>
    /// <param name="key">Partition keys the function returned; required when the prefix uses them.</param>
    /// <param name="arrival">Firehose's arrival time, which <c>timestamp</c> formats.</param>
    /// <param name="errorType">The error output type, e.g. <c>processing-failed</c>.</param>
    /// <param name="random">Source of <c>firehose:random-string</c>.</param>
    public string Evaluate(PartitionKey? key, DateTimeOffset arrival, string? errorType, Random random)
    {
        var result = new StringBuilder();
        foreach ((string literal, string? ns, string? expression) in _parts)
        {
            result.Append(literal);
            switch (ns)
            {
                case "partitionKeyFromLambda":
                    result.Append(key is { } k ? k[expression!] : throw new ReplayException($"!{{partitionKeyFromLambda:{expression}}} needs partition keys, and the record has none."));
                    break;
                case "timestamp":
                    result.Append(arrival.UtcDateTime.ToString(expression, CultureInfo.InvariantCulture));
                    break;
                case "firehose" when expression == "error-output-type":
                    result.Append(errorType ?? throw new ReplayException("!{firehose:error-output-type} is only allowed in the error prefix."));
                    break;
                case "firehose":
                    result.Append(random.Next().ToString("x8", CultureInfo.InvariantCulture));
                    break;
                default:
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>Java DateTimeFormatter letters to a .NET custom format; only the letters prefixes use.</summary>
    private static string ToDotNetFormat(string pattern)
    {
        var format = new StringBuilder();
        bool quoted = false;
        foreach (char c in pattern)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                format.Append('\'');
            }
            else if (quoted || !char.IsAsciiLetter(c))
            {
                format.Append(c is '\\' or '%' or '"' ? "\\" + c : c.ToString());
            }
            else if (c is 'y' or 'M' or 'd' or 'H' or 'm' or 's')
            {
                format.Append(c);
            }
            else
            {
                throw new ReplayException($"The timestamp pattern '{pattern}' uses '{c}'; the replay supports y, M, d, H, m and s.");
            }
        }

        return format.ToString();
    }

    [GeneratedRegex(@"!\{([A-Za-z]+):([^}]+)\}")]
    private static partial Regex Expression();
}
