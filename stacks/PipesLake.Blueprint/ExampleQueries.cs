using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>
/// The workgroup's saved queries. Each names its site (Athena refuses a scan of an injected <c>siteid</c>
/// without static equality) and bounds the time partitions: with projection over years 1970–9999 a query
/// without them would enumerate every minute of eight millennia. Each stays within
/// <see cref="AthenaProjection.PartitionBound"/> partitions, which the tests check with the projection model.
/// </summary>
public static class ExampleQueries
{
    /// <summary>The saved queries of one table, each named after it.</summary>
    public static IReadOnlyList<ExampleQuery> For(TableSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string site = settings.Sites.Count > 0 ? settings.Sites[0] : "site-000";
        string changes = QueryTables.Name(settings, QueryTables.Changes), current = QueryTables.Name(settings, QueryTables.ChangesCurrent);
        string errors = QueryTables.Name(settings, QueryTables.Errors), table = settings.Name;
        return
        [
            new(
                $"{settings.Id}-site-last-hour",
                $"pipeslake: {table}: changes of one site in the last hour",
                "Every change of one site whose partition time is today and whose change time is within the last hour.",
                $"SELECT * FROM {changes} WHERE siteid = '{site}' AND year = year(current_date) AND month = month(current_date) AND day = day(current_date) AND from_iso8601_timestamp({QueryTables.Quote("_ts")}) >= current_timestamp - INTERVAL '1' HOUR ORDER BY {QueryTables.Quote("_ts")} DESC"),
            settings.PartitionTime == PartitionTime.Item
                ? new(
                    $"{settings.Id}-current-item",
                    $"pipeslake: {table}: current state of one item",
                    $"The latest change of one item, from the {current} view; no row when its last change was a delete. Every change of an item lies in its site's partition for the minute of its time attribute (here 2024-01-01T00:07Z), so the query reads that one partition.",
                    $"SELECT * FROM {current} WHERE siteid = '{site}' AND year = 2024 AND month = 1 AND day = 1 AND hour = 0 AND minute = 7 AND {QueryTables.Quote(QueryTables.TableKey)} = 'item-1'")
                : new(
                    $"{settings.Id}-current-item",
                    $"pipeslake: {table}: current state of one item",
                    $"The latest change of one item, from the {current} view; no row when its last change was a delete. With partitionTime change an item's changes spread over time, so the view ranks the site's {QueryTables.Name(settings, QueryTables.ChangesHistory)} by year.",
                    $"SELECT * FROM {current} WHERE siteid = '{site}' AND {QueryTables.Quote(QueryTables.TableKey)} = 'item-1'"),
            new(
                $"{settings.Id}-changes-once-by-operation",
                $"pipeslake: {table}: changes of one site yesterday, each once",
                $"Yesterday's changes of one site by operation, each change counted once: the delivery path is at least once, so {changes} can hold a change twice; the {QueryTables.Name(settings, QueryTables.ChangesUnique)} view keeps one row for each.",
                $"SELECT {QueryTables.Quote(LakeContract.Operation)}, count(*) AS changes FROM {QueryTables.Name(settings, QueryTables.ChangesUnique)} WHERE siteid = '{site}' AND year = year(current_date - INTERVAL '1' DAY) AND month = month(current_date - INTERVAL '1' DAY) AND day = day(current_date - INTERVAL '1' DAY) GROUP BY 1 ORDER BY 1"),
            new(
                $"{settings.Id}-failures-by-reason",
                $"pipeslake: {table}: failures by reason, yesterday",
                "Yesterday's error records by error type, code and the function's reason.",
                $"SELECT errortype, errorcode, regexp_extract(errormessage, '\\((\\w+):', 1) AS reason, count(*) AS records FROM {errors} WHERE year = year(current_date - INTERVAL '1' DAY) AND month = month(current_date - INTERVAL '1' DAY) AND day = day(current_date - INTERVAL '1' DAY) GROUP BY 1, 2, 3 ORDER BY records DESC"),
        ];
    }
}
