using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// A table's delivery stream's data prefix per partition, evaluated once per site and minute while it is in use: a
/// cache of the most recent partitions, so memory stays flat however many partitions a run covers. Every part of
/// the data prefix comes from the table and the function's partition keys, none from the arrival time: the same line
/// lands in the same partition whenever it is replayed, backfilled or redriven.
/// </summary>
internal sealed class DataPrefixes(TableSettings table)
{
    private readonly PrefixExpression _expression = PrefixExpression.Parse(LakePrefixes.Data(table));
    // A stream comes in time order: a few thousand partitions cover what a worker sees at once. An export comes in no
    // order: at 4,096 the cache emptied again and again over a 1,000,000-item export's 6,680 partitions, each miss making
    // its prefix anew; at 16,384 (a few MiB of prefixes at most) they all stay.
    private const int Cached = 16384;

    private readonly Dictionary<(string Site, DateTime Minute), string> _prefixes = [];
    private readonly Random _random = new(1);

    public string For(PartitionKey key)
    {
        var minute = new DateTime(key.Time.Year, key.Time.Month, key.Time.Day, key.Time.Hour, key.Time.Minute, 0, DateTimeKind.Utc);
        if (!_prefixes.TryGetValue((key.SiteId, minute), out string? prefix))
        {
            if (_prefixes.Count == Cached)
            {
                _prefixes.Clear();
            }

            prefix = _expression.Evaluate(key, DateTimeOffset.UnixEpoch, null, _random);
            _prefixes.Add((key.SiteId, minute), prefix);
        }

        return prefix;
    }
}
