using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// The delivery stream's data prefix per partition, evaluated once per site and minute: callers get the same
/// string instance for the same partition, which the lake writer's buffers and the partition counts rely on.
/// </summary>
internal sealed class DataPrefixes(DateTimeOffset arrival)
{
    private readonly PrefixExpression _expression = PrefixExpression.Parse(LakePrefixes.Data);
    private readonly Dictionary<(string Site, DateTime Minute), string> _prefixes = [];
    private readonly Random _random = new(1);

    /// <summary>Partitions seen so far.</summary>
    public int Count => _prefixes.Count;

    public string For(PartitionKey key)
    {
        var minute = new DateTime(key.Time.Year, key.Time.Month, key.Time.Day, key.Time.Hour, key.Time.Minute, 0, DateTimeKind.Utc);
        if (!_prefixes.TryGetValue((key.SiteId, minute), out string? prefix))
        {
            prefix = _expression.Evaluate(key, arrival, null, _random);
            _prefixes.Add((key.SiteId, minute), prefix);
        }

        return prefix;
    }
}
