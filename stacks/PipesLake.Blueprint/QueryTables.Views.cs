using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>The query layer's two views, standard SQL that Athena (Trino) and DuckDB both run.</summary>
public static partial class QueryTables
{
    /// <summary>
    /// The table <c>changes_current</c> ranks, its partition columns, and those the view ranks within: a condition
    /// on the latter outside the view reaches the table's scan (Trino pushes a filter on a window's PARTITION BY
    /// columns below the window), so Athena projects only the partitions the query names. With
    /// <c>partitionTime: item</c> every change of an item lands in its site's folder for the minute of its time
    /// attribute, so ranking within each minute partition is ranking the item's whole history; with
    /// <c>change</c> an item's changes spread over time, so the view ranks each site's <c>changes_history</c>.
    /// </summary>
    /// <returns>The kind of the ranked table (<see cref="Changes"/> or <see cref="ChangesHistory"/>), its partitions, and those ranked within.</returns>
    public static (string Kind, IReadOnlyList<LakeColumn> Partitions, IReadOnlyList<LakeColumn> RankedWithin) CurrentViewSource(TableSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.PartitionTime == PartitionTime.Item
            ? (Changes, ChangesPartitions, ChangesPartitions)
            : (ChangesHistory, HistoryPartitions, [HistoryPartitions[0]]);
    }

    /// <summary>The columns of <c>changes_current</c>: its source table's.</summary>
    public static IReadOnlyList<LakeColumn> CurrentViewColumns(TableSettings settings) =>
        [.. ChangesColumns(settings), .. CurrentViewSource(settings).Partitions];

    /// <summary>
    /// The <c>changes_current</c> view: for each item the change with the highest sequence number (a decimal
    /// string of varying length, so compared by length, then text), unless that change is a delete; ranked
    /// within the partitions of <see cref="CurrentViewSource"/>. Standard SQL that Athena (Trino) and DuckDB both run.
    /// </summary>
    public static string CurrentViewSql(TableSettings settings)
    {
        (string kind, _, IReadOnlyList<LakeColumn> rankedWithin) = CurrentViewSource(settings);
        string table = Name(settings, kind);
        IEnumerable<string> columns = CurrentViewColumns(settings).Select(c => Quote(c.Name));
        string seq = Quote(LakeContract.OutputSequence.ToLowerInvariant());
        string by = string.Join(", ", rankedWithin.Select(p => Quote(p.Name)).Append(Quote(TableKey)));
        return $"SELECT {string.Join(", ", columns)} FROM (SELECT *, row_number() OVER (PARTITION BY {by} ORDER BY length({seq}) DESC, {seq} DESC) AS pipeslake_rank FROM {table}) ranked WHERE pipeslake_rank = 1 AND {Quote(LakeContract.Operation)} <> 'D'";
    }

    /// <summary>The columns of <c>changes_unique</c>: <c>changes</c>'s, its partitions included.</summary>
    public static IReadOnlyList<LakeColumn> UniqueViewColumns(TableSettings settings) => [.. ChangesColumns(settings), .. ChangesPartitions];

    /// <summary>
    /// The <c>changes_unique</c> view: one row for each change of each item (<c>_eventId</c>, the stream's own id of a
    /// change, and the item's key: a backfill gives every item of an export the export's id), however many times the
    /// at-least-once path delivered it. Every copy of a change is the same line, and its partition follows from the line
    /// alone, so copies share a partition: numbering within each partition, change and item finds them all, and a
    /// condition on the partition columns outside the view still reaches the table's scan, as <c>changes_current</c>'s
    /// does (Athena projects only the partitions the query names).
    /// </summary>
    public static string UniqueViewSql(TableSettings settings)
    {
        string table = Name(settings, Changes);
        IEnumerable<string> columns = UniqueViewColumns(settings).Select(c => Quote(c.Name));
        string id = Quote(LakeContract.OutputEventId.ToLowerInvariant());
        string by = string.Join(", ", ChangesPartitions.Select(p => Quote(p.Name)).Append(id).Append(Quote(TableKey)));
        return $"SELECT {string.Join(", ", columns)} FROM (SELECT *, row_number() OVER (PARTITION BY {by}) AS pipeslake_copy FROM {table}) copies WHERE pipeslake_copy = 1";
    }
}
