using System.Globalization;
using System.Text;

namespace PipesLake.Partitioning;

/// <summary>Counts of one batch: safe to log, as it holds no payload.</summary>
public sealed class BatchSummary
{
    private readonly int[] _failures = new int[Enum.GetValues<RecordFailure>().Length];

    /// <summary>Records in the batch.</summary>
    public int Records { get; private set; }

    /// <summary>Records returned Ok.</summary>
    public int Ok { get; private set; }

    /// <summary>Records returned ProcessingFailed.</summary>
    public int Failed => Records - Ok;

    /// <summary>How many records failed for the given reason.</summary>
    public int FailedFor(RecordFailure failure) => _failures[(int)failure];

    internal void Count(RecordFailure failure)
    {
        Records++;
        if (failure == RecordFailure.None)
        {
            Ok++;
        }
        else
        {
            _failures[(int)failure]++;
        }
    }

    /// <summary>One log line, e.g. <c>records=10 ok=8 failed=2 InvalidJson=1 NotContract=1</c>.</summary>
    public override string ToString()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"records={Records} ok={Ok} failed={Failed}");
        foreach (RecordFailure failure in Enum.GetValues<RecordFailure>())
        {
            if (failure != RecordFailure.None && _failures[(int)failure] > 0)
            {
                line.Append(CultureInfo.InvariantCulture, $" {failure}={_failures[(int)failure]}");
            }
        }

        return line.ToString();
    }
}
