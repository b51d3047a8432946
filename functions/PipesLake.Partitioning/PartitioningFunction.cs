using System.Text;
using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>
/// The function's transform of one pipe record whose table's partitioning rules travel in the record: its first
/// property, <see cref="LakeContract.Partitioning"/>, names the site and time attributes and the partition time, so
/// one function serves every table of a stack. A record without it is transformed with the function's own
/// options. One <see cref="RecordTransformer"/> per distinct rules, kept; one instance serves one thread.
/// </summary>
public sealed class PartitioningFunction
{
    // A stack has a few tables; rules beyond this many distinct ones are not kept (each record then builds its own).
    private const int MaxKept = 64;

    private readonly PartitioningOptions _defaults;
    private readonly RecordTransformer _default;
    private readonly Dictionary<string, RecordTransformer> _byRules = new(StringComparer.Ordinal);
    private RecordTransformer _last;

    /// <summary>A function whose records without rules use <paramref name="defaults"/>, which also says whether lines carry <c>_item</c>.</summary>
    public PartitioningFunction(PartitioningOptions defaults)
    {
        _defaults = PartitioningOptions.Validate(defaults);
        _default = new RecordTransformer(defaults);
        _last = _default;
    }

    /// <summary>The lake line of the last record that transformed, newline included. Valid until the next call.</summary>
    public ReadOnlySpan<byte> Line => _last.Line;

    /// <summary>Transforms one record with its table's rules. Never throws for bad data: bad rules are a failed outcome.</summary>
    public TransformOutcome Transform(ReadOnlySpan<byte> record)
    {
        if (!TryRules(record, out ReadOnlySpan<byte> rules))
        {
            _last = _default;
            return _default.Transform(record);
        }

        string key = Encoding.UTF8.GetString(rules);
        if (!_byRules.TryGetValue(key, out RecordTransformer? transformer))
        {
            if (Options(rules) is not { } options)
            {
                return TransformOutcome.Failed(RecordFailure.NotContract, $"the record's {LakeContract.Partitioning} is not an object of two distinct attribute names and a partition time (item or change)");
            }

            transformer = new RecordTransformer(options);
            if (_byRules.Count < MaxKept)
            {
                _byRules.Add(key, transformer);
            }
        }

        _last = transformer;
        return transformer.Transform(record);
    }

    /// <summary>The options <paramref name="rules"/> (a <see cref="LakeContract.Partitioning"/> object) give, or null when they are not valid.</summary>
    public PartitioningOptions? Options(ReadOnlySpan<byte> rules)
    {
        string? site = null, time = null, partitionTime = null;
        try
        {
            var reader = new Utf8JsonReader(rules);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                string? value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
                switch (name)
                {
                    case LakeContract.RuleSiteAttribute: site = value; break;
                    case LakeContract.RuleTimeAttribute: time = value; break;
                    case LakeContract.RulePartitionTime: partitionTime = value; break;
                    default: return null;
                }
            }

            return site is null || time is null || partitionTime is not ("item" or "change")
                ? null
                : PartitioningOptions.Validate(new PartitioningOptions(site, time)
                {
                    PartitionTime = PartitionerEnvironment.ParsePartitionTime(partitionTime),
                    ItemColumn = _defaults.ItemColumn,
                });
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The raw bytes of the record's <see cref="LakeContract.Partitioning"/> object when it is the record's first property.</summary>
    private static bool TryRules(ReadOnlySpan<byte> record, out ReadOnlySpan<byte> rules)
    {
        rules = default;
        var reader = new Utf8JsonReader(record);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read()
                || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(LakeContract.Partitioning))
            {
                return false;
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // Not an object: the transform's own reading fails the record as it would any malformed field.
                rules = reader.ValueSpan;
                return true;
            }

            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            rules = record[start..(int)reader.BytesConsumed];
            return true;
        }
        catch (JsonException)
        {
            // Malformed JSON: the transform says so.
            return false;
        }
    }
}
