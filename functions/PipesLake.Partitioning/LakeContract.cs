namespace PipesLake.Partitioning;

/// <summary>
/// The field names of the record the pipe's input template renders (input) and of the lake line the
/// function writes (output). The template in the stack's blueprint is tested against these names.
/// </summary>
public static class LakeContract
{
    /// <summary>
    /// Input, first when present: the partitioning rules of the record's table, an object with
    /// <see cref="RuleSiteAttribute"/>, <see cref="RuleTimeAttribute"/> and <see cref="RulePartitionTime"/>. Each table's
    /// pipe writes its own in its template, so one function serves every table; without it, the function's own
    /// options apply.
    /// </summary>
    public const string Partitioning = "partitioning";

    /// <summary>Input, in <see cref="Partitioning"/>: the attribute holding the site.</summary>
    public const string RuleSiteAttribute = "siteAttribute";

    /// <summary>Input, in <see cref="Partitioning"/>: the attribute holding the item's time.</summary>
    public const string RuleTimeAttribute = "timeAttribute";

    /// <summary>Input, in <see cref="Partitioning"/>: <c>item</c> or <c>change</c>.</summary>
    public const string RulePartitionTime = "partitionTime";

    /// <summary>Input: the DynamoDB stream event id.</summary>
    public const string EventId = "eventId";

    /// <summary>Input: <c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</summary>
    public const string EventName = "eventName";

    /// <summary>Input: the stream record's <c>dynamodb</c> object, unchanged.</summary>
    public const string Dynamodb = "dynamodb";

    /// <summary>Input, inside <c>dynamodb</c>: the item after the change.</summary>
    public const string NewImage = "NewImage";

    /// <summary>Input, inside <c>dynamodb</c>: the item before the change.</summary>
    public const string OldImage = "OldImage";

    /// <summary>Input, inside <c>dynamodb</c>: the stream sequence number.</summary>
    public const string SequenceNumber = "SequenceNumber";

    /// <summary>Input, inside <c>dynamodb</c>: epoch seconds at which the change was made.</summary>
    public const string ApproximateCreationDateTime = "ApproximateCreationDateTime";

    /// <summary>Output: <c>I</c>, <c>U</c> or <c>D</c>.</summary>
    public const string Operation = "_op";

    /// <summary>Output: the event id.</summary>
    public const string OutputEventId = "_eventId";

    /// <summary>Output: the sequence number.</summary>
    public const string OutputSequence = "_seq";

    /// <summary>Output: <c>ApproximateCreationDateTime</c> as ISO-8601 UTC.</summary>
    public const string OutputTimestamp = "_ts";

    /// <summary>
    /// Output, in a Parquet lake only: the whole line as the JSON lake writes it, as one string, so that attributes no
    /// column declares survive the conversion (which keeps only the schema's columns).
    /// </summary>
    public const string ItemColumn = "_item";

    /// <summary>The DynamoDB event names the contract knows.</summary>
    public static IReadOnlyList<string> EventNames { get; } = ["INSERT", "MODIFY", "REMOVE"];
}
