namespace PipesLake.Blueprint.Tests;

/// <summary>
/// The projection model against hand-worked counts: each partition column contributes the values its
/// conditions leave of its projected range (Athena User Guide, "Partition projection with Amazon Athena"), and
/// an injected column without static equality is refused ("Use dynamic ID partitioning").
/// </summary>
public sealed class AthenaProjectionTests
{
    private static readonly IReadOnlyList<ProjectedColumn> s_injected = QueryTables.Projection(QueryTables.Changes, Settings.Table("dev"));
    private static readonly IReadOnlyList<ProjectedColumn> s_enum = QueryTables.Projection(QueryTables.Changes, Settings.Table("dev", (SettingKeys.Sites, "a,b,c")));

    [Test]
    public void InjectedSite_WithoutEquality_IsRefusedWithAthenasMessage()
    {
        ProjectionVerdict verdict = AthenaProjection.Evaluate("changes", s_injected, Filters(("year", Equal("2024"))));

        Assert.That(verdict.Refusal, Is.EqualTo("CONSTRAINT_VIOLATION: For the injected projected partition column siteid, the WHERE clause must contain only static equality conditions, and at least one such condition must be present."));
    }

    [Test]
    public void InjectedSite_WithARangeBesideEquality_IsRefused() =>
        Assert.That(AthenaProjection.Evaluate("changes", s_injected, Filters(("siteid", Equal("a") with { OtherConditions = true }))).Refusal, Is.Not.Null);

    [Test]
    public void OneSiteOneDay_Is1440Partitions()
    {
        // 1 site × 1 year × 1 month × 1 day × 24 hours × 60 minutes.
        ProjectionVerdict verdict = AthenaProjection.Evaluate("changes", s_injected, Filters(("siteid", Equal("a")), ("year", Equal("2024")), ("month", Equal("1")), ("day", Equal("1"))));

        Assert.That((verdict.Refusal, (long)verdict.Partitions), Is.EqualTo(((string?)null, 1_440L)));
        Assert.That(verdict.ToString(), Is.EqualTo("Athena projects 1,440 partitions of changes (siteid 1 × year 1 × month 1 × day 1 × hour 24 × minute 60)"));
    }

    [Test]
    public void EnumSites_WithoutConditions_EnumerateEveryMinuteOfEightMillennia()
    {
        // 3 sites × 8,030 years (1970–9999) × 12 × 31 × 24 × 60 = 3 × 8,030 × 535,680.
        Assert.That((long)AthenaProjection.Evaluate("changes", s_enum, Filters()).Partitions, Is.EqualTo(12_904_531_200L));
    }

    [Test]
    public void RangesAndInLists_NarrowEachColumn()
    {
        // sites b and c (d is not projected) × 2024–2025 × months 11–12 × day 1 × hour 0 × 60 minutes.
        ProjectionVerdict verdict = AthenaProjection.Evaluate("changes", s_enum, Filters(
            ("siteid", Equal("b", "c", "d")),
            ("year", new PartitionFilter { Low = 2024, High = 2025 }),
            ("month", new PartitionFilter { Low = 11 }),
            ("day", Equal("1")),
            ("hour", new PartitionFilter { High = 0 })));

        Assert.That((long)verdict.Partitions, Is.EqualTo(2L * 2 * 2 * 1 * 1 * 60));
    }

    [Test]
    public void ValuesKnownOnlyWhenTheQueryRuns_CountOnceEach()
    {
        // siteid = 'a' AND year = year(current_date) AND month = month(current_date) AND day = day(current_date).
        PartitionFilter runTime = new() { UnknownEqual = 1 };
        ProjectionVerdict verdict = AthenaProjection.Evaluate("changes", s_injected, Filters(("siteid", Equal("a")), ("year", runTime), ("month", runTime), ("day", runTime)));

        Assert.That((long)verdict.Partitions, Is.EqualTo(1_440L));
    }

    [Test]
    public void AValueOutsideTheProjection_ProjectsNothing() =>
        Assert.That((long)AthenaProjection.Evaluate("changes", s_enum, Filters(("siteid", Equal("z")))).Partitions, Is.Zero);

    [Test]
    public void HistoryOfOneSite_IsOnePartitionAYear()
    {
        IReadOnlyList<ProjectedColumn> history = QueryTables.Projection(QueryTables.ChangesHistory, Settings.Table("dev"));

        Assert.That((long)AthenaProjection.Evaluate("changes_history", history, Filters(("siteid", Equal("a")))).Partitions, Is.EqualTo(8_030L));
    }

    private static PartitionFilter Equal(params string[] values) => new() { Equal = new HashSet<string>(values, StringComparer.Ordinal) };

    private static Dictionary<string, PartitionFilter> Filters(params (string Column, PartitionFilter Filter)[] filters) =>
        filters.ToDictionary(f => f.Column, f => f.Filter, StringComparer.Ordinal);
}
