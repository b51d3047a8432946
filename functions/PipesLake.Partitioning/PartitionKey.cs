using System.Globalization;

namespace PipesLake.Partitioning;

/// <summary>
/// The dynamic partition of one lake line: a site and a UTC minute.
/// </summary>
/// <param name="SiteId">The validated site value.</param>
/// <param name="Time">The UTC time the partition is taken from; only year to minute are used.</param>
public readonly record struct PartitionKey(string SiteId, DateTime Time)
{
    /// <summary>The last millisecond an epoch-millisecond time attribute may hold (9999-12-31T23:59:59.999Z).</summary>
    public const long MaxEpochMilliseconds = 253_402_300_799_999;

    private static readonly string[] s_twoDigits = CreateTwoDigits();
    private static readonly string[] s_years = CreateYears();

    /// <summary>Four-digit year, e.g. <c>2024</c>.</summary>
    public string Year => s_years[Time.Year];

    /// <summary>Two-digit month, e.g. <c>01</c>.</summary>
    public string Month => s_twoDigits[Time.Month];

    /// <summary>Two-digit day, e.g. <c>09</c>.</summary>
    public string Day => s_twoDigits[Time.Day];

    /// <summary>Two-digit hour, e.g. <c>00</c>.</summary>
    public string Hour => s_twoDigits[Time.Hour];

    /// <summary>Two-digit minute, e.g. <c>07</c>.</summary>
    public string Minute => s_twoDigits[Time.Minute];

    /// <summary>The UTC time of an epoch-millisecond value, or false when it is outside 1970-01-01 .. 9999-12-31.</summary>
    public static bool TryGetTime(long epochMilliseconds, out DateTime time)
    {
        if (epochMilliseconds is < 0 or > MaxEpochMilliseconds)
        {
            time = default;
            return false;
        }

        time = new DateTime(DateTime.UnixEpoch.Ticks + (epochMilliseconds * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return true;
    }

    /// <summary>The value of the partition key with the given name from <see cref="PartitionKeyNames"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The name is not a partition key.</exception>
    public string this[string name] => name switch
    {
        PartitionKeyNames.SiteId => SiteId,
        PartitionKeyNames.Year => Year,
        PartitionKeyNames.Month => Month,
        PartitionKeyNames.Day => Day,
        PartitionKeyNames.Hour => Hour,
        PartitionKeyNames.Minute => Minute,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a PipesLake partition key."),
    };

    /// <summary>The keys as Firehose's <c>metadata.partitionKeys</c> expects them.</summary>
    public Dictionary<string, string> ToDictionary() => new(6, StringComparer.Ordinal)
    {
        [PartitionKeyNames.SiteId] = SiteId,
        [PartitionKeyNames.Year] = Year,
        [PartitionKeyNames.Month] = Month,
        [PartitionKeyNames.Day] = Day,
        [PartitionKeyNames.Hour] = Hour,
        [PartitionKeyNames.Minute] = Minute,
    };

    private static string[] CreateTwoDigits()
    {
        var digits = new string[60];
        for (int i = 0; i < digits.Length; i++)
        {
            digits[i] = i.ToString("D2", CultureInfo.InvariantCulture);
        }

        return digits;
    }

    private static string[] CreateYears()
    {
        // Index by year; 10,000 short strings (~300 KB) buy an allocation-free partition key for every valid time.
        var years = new string[10_000];
        for (int i = 1; i < years.Length; i++)
        {
            years[i] = i.ToString("D4", CultureInfo.InvariantCulture);
        }

        return years;
    }
}
