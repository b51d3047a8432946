namespace PipesLake.Blueprint;

/// <summary>The fields of one entry of <see cref="SettingKeys.Tables"/>, as written in the stack file.</summary>
public static class TableFields
{
    /// <summary>The DynamoDB table's name (required).</summary>
    public const string Name = "name";

    /// <summary>Its short name in resource names; derived from the name when unset.</summary>
    public const string Id = "id";

    /// <summary><c>true</c>: the table exists and the stack only reads its stream; <c>false</c> (default): the stack creates it.</summary>
    public const string Existing = "existing";

    /// <summary>For a created table: deletion protection (default: the stack's).</summary>
    public const string DeletionProtection = "deletionProtection";

    /// <summary>The attribute holding the site (default: the stack's <c>siteAttribute</c>).</summary>
    public const string SiteAttribute = "siteAttribute";

    /// <summary>The attribute holding the item's time (default: the stack's <c>timeAttribute</c>).</summary>
    public const string TimeAttribute = "timeAttribute";

    /// <summary>Event names passed on: a list or a comma-separated string (default: the stack's).</summary>
    public const string EventNames = "eventNames";

    /// <summary>Leave out TTL deletes (default: the stack's).</summary>
    public const string ExcludeTtlDeletes = "excludeTtlDeletes";

    /// <summary>Query columns, <c>name:type</c>: a list or a comma-separated string (default: the stack's).</summary>
    public const string Columns = "columns";

    /// <summary>The known sites: a list or a comma-separated string (default: the stack's).</summary>
    public const string Sites = "sites";

    /// <summary><c>item</c> or <c>change</c> (default: the stack's).</summary>
    public const string PartitionTime = "partitionTime";

    /// <summary>An EventBridge pattern (an object, or its JSON) a record must also match.</summary>
    public const string Filter = "filter";

    /// <summary>Every field, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(TableFields).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];
}
