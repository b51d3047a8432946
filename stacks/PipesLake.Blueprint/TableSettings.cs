using System.Text.RegularExpressions;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>
/// One DynamoDB table of a stack (<see cref="SettingKeys.Tables"/>), validated: whether the stack creates it or it
/// already exists, and everything that is decided per table: which attributes carry the site and the time, which
/// changes the pipe passes on, the query columns and the partition time. Each table has its own pipe, delivery
/// stream, dead-letter queue, roles, prefixes (<c>data/&lt;name&gt;/</c>, <c>errors/&lt;name&gt;/</c>) and Glue tables.
/// </summary>
public sealed partial record TableSettings
{
    /// <summary>The longest id: the pipe's name, <c>pipeslake-&lt;stack&gt;-&lt;id&gt;-pipe</c>, takes at most 64 characters.</summary>
    public static int MaxIdLength { get; } = 64 - LakeNames.MaxStackLength - "pipeslake-".Length - "-".Length - "-pipe".Length;

    /// <summary>A DynamoDB table's name (DynamoDB Developer Guide, "Supported data types and naming rules").</summary>
    public const string NamePattern = "^[A-Za-z0-9_.-]{3,255}$";

    /// <summary><see cref="NamePattern"/> in words, for messages.</summary>
    public const string NameAllowed = "3 to 255 letters, digits, '_', '-' or '.'";

    /// <summary>The DynamoDB table's name; the top folder of its data (<c>data/&lt;name&gt;/</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The table's short name in resource names (pipe, delivery stream, queue, log groups): lowercase letters, digits, single hyphens.</summary>
    public required string Id { get; init; }

    /// <summary>The table exists already: the stack looks it up and never creates, changes or deletes it.</summary>
    public bool Existing { get; init; }

    /// <summary>For a table the stack creates: deletion protection, and no silent replacement.</summary>
    public bool DeletionProtection { get; init; }

    /// <summary>Image attribute holding the site.</summary>
    public string SiteAttribute { get; init; } = PartitioningOptions.DefaultSiteAttribute;

    /// <summary>Image attribute holding the item's time.</summary>
    public string TimeAttribute { get; init; } = PartitioningOptions.DefaultTimeAttribute;

    /// <summary>Event names the pipe passes on, a non-empty subset of INSERT, MODIFY, REMOVE, in the contract's order.</summary>
    public IReadOnlyList<string> EventNames { get; init; } = LakeContract.EventNames;

    /// <summary>Leave out REMOVE events made by DynamoDB's TTL.</summary>
    public bool ExcludeTtlDeletes { get; init; }

    /// <summary>Columns the table's query tables add for image attributes, in order.</summary>
    public IReadOnlyList<LakeColumn> Columns { get; init; } = [];

    /// <summary>The table's known sites; empty when they are not listed.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>Which time partitions the table's lines: its time attribute (default) or the change's time.</summary>
    public PartitionTime PartitionTime { get; init; } = PartitionTime.Item;

    /// <summary>An EventBridge pattern a record must also match (compact JSON), or null: combined with the event names and the TTL rule.</summary>
    public string? Filter { get; init; }

    /// <summary>The stack's lake format, which decides the table's columns and whether its lines carry <c>_item</c>.</summary>
    public LakeFormat Format { get; init; } = LakeFormat.Json;

    /// <summary>The function's options for this table's records, as its pipe's template carries them.</summary>
    public PartitioningOptions FunctionOptions => new(SiteAttribute, TimeAttribute) { PartitionTime = PartitionTime, ItemColumn = Format == LakeFormat.Parquet };

    /// <summary>The start of the table's names in Glue and in queries: its name in lowercase letters, digits and '_'.</summary>
    public string GlueName => GlueNameOf(Name);

    /// <summary><c>data/&lt;name&gt;/</c>: the table's data, the top of its partitions.</summary>
    public string DataRoot => $"{LakePrefixes.DataRoot}{Name}/";

    /// <summary><c>errors/&lt;name&gt;/</c>: the table's error records, by type.</summary>
    public string ErrorRoot => $"{LakePrefixes.ErrorRoot}{Name}/";

    /// <summary>
    /// The id a table's name gives when none is set: lowercase, each run of other characters a hyphen; null when that
    /// is empty or longer than <see cref="MaxIdLength"/> (the entry must then set <c>id</c>).
    /// </summary>
    public static string? IdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string id = NotIdCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return id.Length is > 0 && id.Length <= MaxIdLength ? id : null;
    }

    /// <summary>Whether <paramref name="name"/> is a DynamoDB table's name (<see cref="NamePattern"/>).</summary>
    public static bool IsName(string name) => NamePatternRegex().IsMatch(name);

    /// <summary>Whether <paramref name="id"/> is a valid id: 1 to <see cref="MaxIdLength"/> lowercase letters, digits and single hyphens.</summary>
    public static bool IsId(string id) => id.Length <= MaxIdLength && IdPattern().IsMatch(id);

    /// <summary>A table name as Glue and Athena take it: lowercase letters, digits and '_', starting with a letter.</summary>
    public static string GlueNameOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string glue = NotGlueCharacters().Replace(name.ToLowerInvariant(), "_").Trim('_');
        return glue.Length > 0 && char.IsAsciiLetterLower(glue[0]) ? glue : "t_" + glue;
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex NamePatternRegex();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdCharacters();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotGlueCharacters();
}
