using System.Globalization;
using System.Text.Json;
using PipesLake.Blueprint.Filtering;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>The stack's tables: <see cref="SettingKeys.Tables"/>, or the one table of <see cref="SettingKeys.TableName"/>.</summary>
public sealed partial class SettingsReader
{
    private const string TableNamePattern = TableSettings.NamePattern;
    private const string TableNameAllowed = TableSettings.NameAllowed;

    // The stack's keys of the fields a table may set: each is every table's default.
    private static readonly Dictionary<string, string> s_stackKeys = new(StringComparer.Ordinal)
    {
        [TableFields.DeletionProtection] = SettingKeys.DeletionProtection,
        [TableFields.SiteAttribute] = SettingKeys.SiteAttribute,
        [TableFields.TimeAttribute] = SettingKeys.TimeAttribute,
        [TableFields.EventNames] = SettingKeys.EventNames,
        [TableFields.ExcludeTtlDeletes] = SettingKeys.ExcludeTtlDeletes,
        [TableFields.Columns] = SettingKeys.Columns,
        [TableFields.Sites] = SettingKeys.Sites,
        [TableFields.PartitionTime] = SettingKeys.PartitionTime,
    };

    /// <summary>
    /// Every table of the stack. Without <see cref="SettingKeys.Tables"/>, one table the stack creates, named by
    /// <see cref="SettingKeys.TableName"/>; with it, one per entry, each field defaulting to the stack's key of its name.
    /// Each problem names the entry (its index and name) and the field.
    /// </summary>
    private IReadOnlyList<TableSettings> Tables(LakeSettings lake)
    {
        var template = new TableSettings { Name = string.Empty, Id = string.Empty, DeletionProtection = lake.DeletionProtection, Format = lake.Format };
        TableSettings defaults = ReadTable(this, field => s_stackKeys[field], template, SettingKeys.SiteAttribute, SettingKeys.TimeAttribute);
        string? list = _get(SettingKeys.Tables);
        if (string.IsNullOrWhiteSpace(list))
        {
            string name = Text(SettingKeys.TableName, $"{SettingKeys.Project}-{lake.Stack}-changes", TableNamePattern, TableNameAllowed);
            return [defaults with { Name = name, Id = TableSettings.IdOf(name) ?? "table" }];
        }

        if (!string.IsNullOrEmpty(_get(SettingKeys.TableName)))
        {
            _problems.Add($"{SettingKeys.TableName} names the one table of a stack without {SettingKeys.Tables}; with {SettingKeys.Tables}, name each table in its entry ({TableFields.Name}).");
        }

        JsonElement entries;
        try
        {
            using JsonDocument document = JsonDocument.Parse(list);
            entries = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            _problems.Add($"{SettingKeys.Tables} must be a list of tables, one object each (see Pulumi.dev.yaml); got '{list}'.");
            return [];
        }

        if (entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0)
        {
            _problems.Add($"{SettingKeys.Tables} must be a non-empty list of tables, one object each (see Pulumi.dev.yaml).");
            return [];
        }

        var tables = new List<TableSettings>();
        int index = 0;
        foreach (JsonElement entry in entries.EnumerateArray())
        {
            if (Entry(entry, index++, defaults) is { } table)
            {
                tables.Add(table);
            }
        }

        Distinct(tables, t => t.Name, TableFields.Name);
        Distinct(tables, t => t.Id, TableFields.Id);
        Distinct(tables, t => t.GlueName, "name in Glue (lowercase, '_' for other characters)");
        return tables;
    }

    /// <summary>One entry of the list, or null when it cannot be read at all; its problems are added.</summary>
    private TableSettings? Entry(JsonElement entry, int index, TableSettings defaults)
    {
        string at = $"{SettingKeys.Tables}[{index}]";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            _problems.Add($"{at} must be an object with at least a {TableFields.Name}; got {entry.GetRawText()}.");
            return null;
        }

        string? name = entry.TryGetProperty(TableFields.Name, out JsonElement named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
        string entryName = name is not null && TableSettings.IsName(name) ? name : string.Empty;
        string label = entryName.Length > 0 ? $"{at} ({entryName})" : at;
        string Key(string field) => $"{label} {field}";
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (JsonProperty field in entry.EnumerateObject())
        {
            if (!TableFields.All.Contains(field.Name))
            {
                _problems.Add($"{Key(field.Name)} is not a field of a table; did you mean {SettingKeys.Closest(field.Name, TableFields.All)}?");
                continue;
            }

            values[Key(field.Name)] = Scalar(field.Value, field.Name == TableFields.Filter, Key(field.Name));
        }

        if (entryName.Length == 0)
        {
            _problems.Add(name is null ? $"{at} has no {TableFields.Name}: the DynamoDB table's name." : $"{Key(TableFields.Name)} must be {TableNameAllowed}; got '{name}'.");
            return null;
        }

        var reader = new SettingsReader(key => values.GetValueOrDefault(key), _problems);
        bool existing = reader.Bool(Key(TableFields.Existing), false);
        if (existing && values.ContainsKey(Key(TableFields.DeletionProtection)))
        {
            _problems.Add($"{Key(TableFields.DeletionProtection)} is for a table the stack creates; the stack never changes or deletes an existing one.");
        }

        string? id = values.GetValueOrDefault(Key(TableFields.Id));
        if (id is not null && !TableSettings.IsId(id))
        {
            _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(TableFields.Id)} must be 1 to {TableSettings.MaxIdLength} lowercase letters, digits and single hyphens; got '{id}'."));
        }
        else if (id is null && TableSettings.IdOf(entryName) is null)
        {
            _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: the name gives no id of at most {TableSettings.MaxIdLength} characters for its resources' names; set {TableFields.Id}."));
        }

        TableSettings table = ReadTable(reader, Key, defaults with { Name = entryName, Id = id ?? TableSettings.IdOf(entryName) ?? entryName, Existing = existing }, Key(TableFields.SiteAttribute), Key(TableFields.TimeAttribute));
        return table with { Filter = reader.Filter(Key(TableFields.Filter), table) };
    }

    /// <summary>The fields a table decides, read with <paramref name="source"/> under the keys <paramref name="keyOf"/> gives.</summary>
    private static TableSettings ReadTable(SettingsReader source, Func<string, string> keyOf, TableSettings fallback, string siteKey, string timeKey)
    {
        TableSettings table = fallback with
        {
            DeletionProtection = source.Bool(keyOf(TableFields.DeletionProtection), fallback.DeletionProtection),
            SiteAttribute = source.Text(keyOf(TableFields.SiteAttribute), fallback.SiteAttribute, "^.{1,255}$", "an attribute name of 1 to 255 characters"),
            TimeAttribute = source.Text(keyOf(TableFields.TimeAttribute), fallback.TimeAttribute, "^.{1,255}$", "an attribute name of 1 to 255 characters"),
            EventNames = source.EventNames(keyOf(TableFields.EventNames), fallback.EventNames),
            ExcludeTtlDeletes = source.Bool(keyOf(TableFields.ExcludeTtlDeletes), fallback.ExcludeTtlDeletes),
            PartitionTime = PartitionerEnvironment.ParsePartitionTime(source.OneOf(
                keyOf(TableFields.PartitionTime),
                PartitionerEnvironment.PartitionTimeValue(fallback.PartitionTime),
                [PartitionerEnvironment.PartitionTimeValue(PartitionTime.Item), PartitionerEnvironment.PartitionTimeValue(PartitionTime.Change)])),
        };
        string[] sites = source.Sites(keyOf(TableFields.Sites));
        table = table with { Sites = sites.Length > 0 || !string.IsNullOrEmpty(source._get(keyOf(TableFields.Sites))) ? sites : fallback.Sites };
        LakeColumn[] columns = source.Columns(keyOf(TableFields.Columns), table with { Columns = [] });
        table = table with { Columns = columns.Length > 0 || !string.IsNullOrEmpty(source._get(keyOf(TableFields.Columns))) ? columns : fallback.Columns };
        if (table.SiteAttribute == table.TimeAttribute)
        {
            source._problems.Add($"{siteKey} and {timeKey} must name different attributes; both are '{table.SiteAttribute}'.");
        }

        return table;
    }

    /// <summary>
    /// An entry's custom filter: an EventBridge pattern PipesLake's filter implements (the replay filters with it too),
    /// that leaves <c>eventName</c> and <c>userIdentity</c> to the table's event names and TTL rule, and that fits a pipe's
    /// filter once combined with them.
    /// </summary>
    private string? Filter(string key, TableSettings table)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            EventPattern pattern = EventPattern.Parse(value);
            if (pattern.Fields.FirstOrDefault(f => f is "eventName" or "userIdentity") is { } taken)
            {
                _problems.Add($"{key} may not match on {taken}: the table's {TableFields.EventNames} and {TableFields.ExcludeTtlDeletes} decide it.");
                return null;
            }
        }
        catch (FilterPatternException e)
        {
            _problems.Add($"{key}: {e.Message.TrimEnd('.')}.");
            return null;
        }

        string compact = JsonSerializer.Serialize(JsonDocument.Parse(value).RootElement);
        if (PipeDefinitions.FilterPatterns(table with { Filter = compact }).FirstOrDefault(p => p.Length > PipeDefinitions.MaxPatternLength) is { } tooLong)
        {
            _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key} makes a pattern of {tooLong.Length} characters with the event names; a pipe's filter takes at most {PipeDefinitions.MaxPatternLength}."));
            return null;
        }

        return compact;
    }

    /// <summary>A field's value as the validators read it: text, a list joined by commas, a pattern object as its JSON.</summary>
    private string? Scalar(JsonElement value, bool objectAllowed, string key)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Object when objectAllowed:
                return value.GetRawText();
            case JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                return string.Join(',', value.EnumerateArray().Select(v => v.GetString()));
            default:
                _problems.Add($"{key} must be {(objectAllowed ? "an event pattern (an object)" : "a value or a list of values")}; got {value.GetRawText()}.");
                return null;
        }
    }

    private void Distinct(List<TableSettings> tables, Func<TableSettings, string> of, string what)
    {
        foreach (IGrouping<string, TableSettings> twice in tables.GroupBy(of, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _problems.Add($"{SettingKeys.Tables}: {string.Join(" and ", twice.Select(t => t.Name))} have the same {what} '{twice.Key}'; each table needs its own.");
        }
    }
}
