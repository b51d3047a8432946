using System.Globalization;
using System.Numerics;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint;

/// <summary>
/// Reads the stack configuration once, checks every value, and reports all problems together so a
/// bad stack file stops <c>pulumi preview</c> before any resource is planned.
/// </summary>
public sealed partial class SettingsReader
{
    /// <summary>Retention values CloudWatch Logs accepts.</summary>
    public static IReadOnlyList<int> LogRetentionValues { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>
    /// The largest batch EventBridge Pipes sends to a Firehose target (EventBridge User Guide, "Amazon
    /// EventBridge Pipes batching and concurrency", the table of batchable targets); more fails CreatePipe.
    /// </summary>
    public const int MaxPipeBatchSizeForFirehose = 500;

    private readonly Func<string, string?> _get;
    private readonly List<string> _problems;

    private SettingsReader(Func<string, string?> get, List<string>? problems = null)
    {
        _get = get;
        _problems = problems ?? [];
    }

    /// <summary>Reads and validates the settings of a stack.</summary>
    /// <param name="stack">The Pulumi stack name.</param>
    /// <param name="get">Returns a configuration value by its full key (<c>pipeslake:tableName</c>), or null.</param>
    /// <exception cref="SettingsException">Naming each bad key and its allowed values.</exception>
    public static LakeSettings Read(string stack, Func<string, string?> get)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stack);
        ArgumentNullException.ThrowIfNull(get);
        var reader = new SettingsReader(get);
        if (LakeNames.StackNameProblem(stack) is { } problem)
        {
            reader._problems.Add(problem);
        }

        var defaults = new LakeSettings { Stack = stack, Region = string.Empty, DeletionProtection = false };
        LakeSettings settings = defaults with
        {
            Region = reader.Text(SettingKeys.Region, null, @"^[a-z]{2}(-[a-z]+)+-\d$", "an AWS region such as eu-west-1"),
            DeletionProtection = reader.Bool(SettingKeys.DeletionProtection, stack == "prod"),
            BufferSizeMiB = reader.Int(SettingKeys.BufferSizeMiB, defaults.BufferSizeMiB, 64, 128),
            BufferIntervalSeconds = reader.Int(SettingKeys.BufferIntervalSeconds, defaults.BufferIntervalSeconds, 60, 900),
            ProcessorBufferSizeMB = reader.Decimal(SettingKeys.ProcessorBufferSizeMB, defaults.ProcessorBufferSizeMB, 0.2m, 3m),
            ProcessorBufferIntervalSeconds = reader.Int(SettingKeys.ProcessorBufferIntervalSeconds, defaults.ProcessorBufferIntervalSeconds, 60, 900),
            ProcessorRetries = reader.Int(SettingKeys.ProcessorRetries, defaults.ProcessorRetries, 0, 300),
            PipeStartingPosition = reader.OneOf(SettingKeys.PipeStartingPosition, defaults.PipeStartingPosition, ["LATEST", "TRIM_HORIZON"]),
            PipeBatchSize = reader.Int(SettingKeys.PipeBatchSize, defaults.PipeBatchSize, 1, MaxPipeBatchSizeForFirehose),
            PipeBatchingWindowSeconds = reader.Int(SettingKeys.PipeBatchingWindowSeconds, defaults.PipeBatchingWindowSeconds, 0, 300),
            PipeMaximumRetryAttempts = reader.Int(SettingKeys.PipeMaximumRetryAttempts, defaults.PipeMaximumRetryAttempts, -1, 10_000),
            PipeMaximumRecordAgeSeconds = reader.RecordAge(defaults.PipeMaximumRecordAgeSeconds),
            PipeBisectOnFailure = reader.Bool(SettingKeys.PipeBisectOnFailure, defaults.PipeBisectOnFailure),
            LogRetentionDays = reader.OneOf(SettingKeys.LogRetentionDays, defaults.LogRetentionDays, LogRetentionValues),
            ErrorRetentionDays = reader.Int(SettingKeys.ErrorRetentionDays, defaults.ErrorRetentionDays, 1, 3650),
            FunctionMemoryMB = reader.Int(SettingKeys.FunctionMemoryMB, defaults.FunctionMemoryMB, 128, 10_240),
            FunctionTimeoutSeconds = reader.Int(SettingKeys.FunctionTimeoutSeconds, defaults.FunctionTimeoutSeconds, 60, 300),
            Format = reader.OneOf(SettingKeys.Format, "json", ["json", "parquet"]) == "parquet" ? LakeFormat.Parquet : LakeFormat.Json,
            AlarmEmail = reader.Optional(SettingKeys.AlarmEmail, @"^[^@\s]+@[^@\s]+\.[^@\s]+$", "an e-mail address"),
            AlarmPeriodSeconds = reader.Int(SettingKeys.AlarmPeriodSeconds, defaults.AlarmPeriodSeconds, 60, 3600),
            AlarmFailures = reader.Int(SettingKeys.AlarmFailures, defaults.AlarmFailures, 1, 1_000_000),
            AlarmSuccessBelow = reader.Decimal(SettingKeys.AlarmSuccessBelow, defaults.AlarmSuccessBelow, 0m, 1m),
            AlarmDurationPercent = reader.Int(SettingKeys.AlarmDurationPercent, defaults.AlarmDurationPercent, 50, 100),
            AlarmActivePartitions = reader.Int(SettingKeys.AlarmActivePartitions, defaults.AlarmActivePartitions, 1, 5000),
            PipeParallelizationFactor = reader.Int(SettingKeys.PipeParallelizationFactor, defaults.PipeParallelizationFactor, 1, 10),
            QueryCutoffMiB = reader.Int(SettingKeys.QueryCutoffMiB, defaults.QueryCutoffMiB, 10, 2047),
            QueryResultRetentionDays = reader.Int(SettingKeys.QueryResultRetentionDays, defaults.QueryResultRetentionDays, 1, 3650),
        };

        settings = settings with
        {
            Compression = reader.Compression(settings.Format),
            AlarmFreshnessSeconds = reader.Int(SettingKeys.AlarmFreshnessSeconds, 2 * settings.BufferIntervalSeconds, 60, 86_400),
        };
        settings = settings with { Tables = reader.Tables(settings) };
        return reader._problems.Count == 0 ? settings : throw new SettingsException(reader._problems);
    }

    /// <summary>
    /// GZIP by default, UNCOMPRESSED for a Parquet lake: with record format conversion Firehose turns S3 compression off
    /// and compresses Parquet with SNAPPY itself (Firehose Developer Guide, "Enable record format conversion").
    /// </summary>
    private string Compression(LakeFormat format)
    {
        string compression = OneOf(SettingKeys.Compression, format == LakeFormat.Parquet ? "UNCOMPRESSED" : "GZIP", ["GZIP", "UNCOMPRESSED"]);
        if (format == LakeFormat.Parquet && compression != "UNCOMPRESSED")
        {
            _problems.Add($"{SettingKeys.Compression} must be UNCOMPRESSED (or unset) when {SettingKeys.Format} is parquet: Firehose compresses Parquet with SNAPPY itself and turns S3 compression off; got '{compression}'.");
        }

        return compression;
    }

    /// <summary>
    /// A stack's settings with every key at its default; what tools use without a stack file, where any table is taken
    /// with the defaults (<see cref="LakeSettings.AnyTable"/>).
    /// </summary>
    public static LakeSettings Defaults(string stack, string region) =>
        Read(stack, key => key == SettingKeys.Region ? region : null) with { AnyTable = true };

    private string Text(string key, string? fallback, string pattern, string allowed)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            if (fallback is null)
            {
                _problems.Add($"{key} is required: {allowed}.");
            }

            return fallback ?? string.Empty;
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(value, pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            _problems.Add($"{key} must be {allowed}; got '{value}'.");
        }

        return value;
    }

    private string? Optional(string key, string pattern, string allowed)
    {
        string? value = _get(key);
        return string.IsNullOrEmpty(value) ? null : Text(key, null, pattern, allowed);
    }

    private int Int(string key, int fallback, int min, int max) =>
        Number(key, fallback, min, max, NumberStyles.AllowLeadingSign, "a whole number");

    private decimal Decimal(string key, decimal fallback, decimal min, decimal max) =>
        Number(key, fallback, min, max, NumberStyles.AllowDecimalPoint, "a number");

    private T Number<T>(string key, T fallback, T min, T max, NumberStyles styles, string kind)
        where T : INumber<T>
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (!T.TryParse(value, styles, CultureInfo.InvariantCulture, out T? parsed) || parsed < min || parsed > max)
        {
            _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be {kind} from {min} to {max}; got '{value}'."));
            return fallback;
        }

        return parsed;
    }

    private bool Bool(string key, bool fallback)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (!bool.TryParse(value, out bool parsed))
        {
            _problems.Add($"{key} must be true or false; got '{value}'.");
            return fallback;
        }

        return parsed;
    }

    private T OneOf<T>(string key, T fallback, IReadOnlyList<T> allowed)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        foreach (T candidate in allowed)
        {
            if (string.Equals(Convert.ToString(candidate, CultureInfo.InvariantCulture), value, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        _problems.Add($"{key} must be one of {string.Join(", ", allowed)}; got '{value}'.");
        return fallback;
    }

    private int RecordAge(int fallback)
    {
        int age = Int(SettingKeys.PipeMaximumRecordAgeSeconds, fallback, -1, 604_800);
        if (age is 0 or (> -1 and < 60))
        {
            _problems.Add($"{SettingKeys.PipeMaximumRecordAgeSeconds} must be -1 (no limit) or from 60 to 604800; got '{age}'.");
            return fallback;
        }

        return age;
    }

    private string[] Sites(string key)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        string[] sites = value.Split(',', StringSplitOptions.TrimEntries);
        string? bad = sites.FirstOrDefault(s => SiteIdRules.Check(System.Text.Encoding.UTF8.GetBytes(s)) is not null || s.Contains(',', StringComparison.Ordinal));
        if (bad is not null || sites.Distinct(StringComparer.Ordinal).Count() != sites.Length)
        {
            _problems.Add($"{key} must be a comma-separated list of distinct site values the function accepts; got '{value}'.");
            return [];
        }

        return sites;
    }

    private LakeColumn[] Columns(string key, TableSettings table)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var columns = new List<LakeColumn>();
        HashSet<string> taken = [.. QueryTables.FixedColumnNames(table)];
        foreach (string entry in QueryTables.SplitTopLevel(value))
        {
            int colon = entry.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? entry : entry[..colon].Trim();
            if (colon < 0 || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z][A-Za-z0-9_]{0,254}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                _problems.Add($"{key} must be name:type pairs separated by commas, each name a letter then letters, digits or '_'; got '{entry}'.");
                continue;
            }

            if (!HiveType.TryParse(entry[(colon + 1)..], out HiveType? type, out string? problem))
            {
                _problems.Add($"{key}: the type of '{name}' is not an Athena type ({problem}); got '{entry[(colon + 1)..].Trim()}'.");
                continue;
            }

            if (!taken.Add(name.ToLowerInvariant()))
            {
                _problems.Add($"{key}: '{name}' is already a column of the lake (the key, site, time, lake fields and partitions are added for you) or is listed twice.");
                continue;
            }

            columns.Add(new LakeColumn(name.ToLowerInvariant(), type!, name));
        }

        return [.. columns];
    }

    private IReadOnlyList<string> EventNames(string key, IReadOnlyList<string> fallback)
    {
        string? value = _get(key);
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        string[] names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0 || names.Any(n => !LakeContract.EventNames.Contains(n)) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            _problems.Add($"{key} must be a comma-separated, non-empty set of INSERT, MODIFY, REMOVE; got '{value}'.");
            return fallback;
        }

        // Keep the contract's order so the deployed filter does not change when the list is reordered.
        return LakeContract.EventNames.Where(names.Contains).ToArray();
    }
}
