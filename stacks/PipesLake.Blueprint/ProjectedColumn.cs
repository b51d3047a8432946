namespace PipesLake.Blueprint;

/// <summary>A partition column as Athena's partition projection sees it.</summary>
/// <param name="Name">The column, lowercase.</param>
/// <param name="Kind">How its values are projected.</param>
/// <param name="Values">The values of an <see cref="ProjectionKind.Enum"/> column.</param>
/// <param name="Min">The first value of an <see cref="ProjectionKind.Integer"/> column.</param>
/// <param name="Max">The last value of an <see cref="ProjectionKind.Integer"/> column.</param>
/// <param name="Digits">Zero-padded digits of an <see cref="ProjectionKind.Integer"/> column.</param>
public sealed record ProjectedColumn(string Name, ProjectionKind Kind, IReadOnlyList<string> Values, long Min = 0, long Max = 0, int Digits = 0)
{
    /// <summary>How many values the column projects when a query does not narrow it.</summary>
    public long Cardinality => Kind switch
    {
        ProjectionKind.Enum => Values.Count,
        ProjectionKind.Integer => Max - Min + 1,
        _ => 0,
    };
}
