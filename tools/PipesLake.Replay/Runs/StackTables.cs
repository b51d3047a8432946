using PipesLake.Blueprint;

namespace PipesLake.Replay.Runs;

/// <summary>
/// The stack's tables as the offline tools find them: by name, by a stream record's <c>eventSourceARN</c> or an export's
/// <c>tableArn</c>, or by a lake key (<c>data/&lt;table&gt;/…</c>, <c>errors/&lt;table&gt;/…</c>). A table the stack file does not
/// list is refused in one line naming the tables it does: its records would go where no Glue table reads them.
/// </summary>
internal sealed class StackTables(LakeSettings settings)
{
    private readonly LakeNames _names = new(settings.Stack);

    /// <summary>The stack's settings.</summary>
    public LakeSettings Settings => settings;

    /// <summary>The table named <paramref name="name"/>.</summary>
    /// <param name="name">The DynamoDB table's name.</param>
    /// <param name="from">Where the name was found, for the message: e.g. "line 12's eventSourceARN".</param>
    /// <exception cref="ReplayException">The stack has no table of that name.</exception>
    public TableSettings Named(string name, string from) =>
        settings.Table(name) ?? throw new ReplayException(settings.AnyTable
            ? $"{from} names '{name}', which is no DynamoDB table name ({TableSettings.NameAllowed})."
            : $"{from} names the table '{name}', which the stack does not list (its tables: {Listed}); add it to {SettingKeys.Tables}, or pass the stack file that lists it.");

    /// <summary>What <c>--table</c> may name, for messages: the stack's tables, or any table without a stack file.</summary>
    public string Choices => settings.AnyTable ? "the table's name" : $"one of the stack's tables ({Listed})";

    private string Listed => string.Join(", ", settings.Tables.Select(t => t.Name));

    /// <summary>The table name in an ARN of a table or of its stream (<c>arn:aws:dynamodb:…:table/&lt;name&gt;[/stream/…]</c>), or null.</summary>
    public static string? NameInArn(string? arn)
    {
        const string Marker = ":table/";
        int at = arn?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0 || !arn!.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = arn[(at + Marker.Length)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string name = slash < 0 ? rest : rest[..slash];
        return name.Length > 0 ? name : null;
    }

    /// <summary>The table whose folder a lake key is in (<c>data/&lt;table&gt;/…</c> or <c>errors/&lt;table&gt;/…</c>, also <c>errors-handled/</c>), or null.</summary>
    public TableSettings? OfKey(string key)
    {
        foreach (string root in new[] { LakePrefixes.DataRoot, LakePrefixes.ErrorRoot, LakePrefixes.HandledErrorRoot })
        {
            if (key.StartsWith(root, StringComparison.Ordinal) && key.IndexOf('/', root.Length) is var end and > 0)
            {
                return settings.Table(key[root.Length..end]);
            }
        }

        return null;
    }

    /// <summary>The delivery stream that writes under <paramref name="prefix"/>: its objects are named after it.</summary>
    /// <exception cref="InvalidOperationException">The prefix is no table's (a defect: every prefix the tools write is one).</exception>
    public string StreamOf(string prefix) =>
        OfKey(prefix) is { } table ? _names.DeliveryStream(table) : throw new InvalidOperationException($"'{prefix}' is not under a table's folder.");

    /// <summary>A table's delivery stream's name.</summary>
    public string StreamOf(TableSettings table) => _names.DeliveryStream(table);

    /// <summary>The function's ARN as an error record names it (<c>lambdaArn</c>), in the stack's region, account zeros.</summary>
    public string FunctionArn => Arn("lambda", $"function:{_names.Function}:$LATEST");

    /// <summary>An ARN of the stack's region as the offline tools make them: the account is zeros, nothing is deployed.</summary>
    public string Arn(string service, string resource) => $"arn:aws:{service}:{settings.Region}:000000000000:{resource}";

    /// <summary>
    /// The prefix a table's error records of <paramref name="errorType"/> go under, for a record that arrived at
    /// <paramref name="arrival"/> (<see cref="LakePrefixes.Error(TableSettings)"/>, evaluated as Firehose does).
    /// </summary>
    public static string ErrorPrefix(TableSettings table, DateTimeOffset arrival, string errorType) =>
        PrefixExpression.Parse(LakePrefixes.Error(table)).Evaluate(null, arrival, errorType, s_noRandom);

    // Error prefixes draw no random value.
    private static readonly Random s_noRandom = new(1);
}
