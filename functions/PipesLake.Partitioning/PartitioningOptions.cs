namespace PipesLake.Partitioning;

/// <summary>
/// Which image attributes carry the site and the event time.
/// </summary>
/// <param name="SiteAttribute">Top-level attribute whose S or N value becomes the <c>siteId</c> partition.</param>
/// <param name="TimeAttribute">Top-level attribute whose N value (epoch milliseconds) gives the time partitions.</param>
public sealed record PartitioningOptions(string SiteAttribute, string TimeAttribute)
{
    /// <summary>
    /// Which time partitions a line. With <see cref="PartitionTime.Change"/> the time attribute is ordinary
    /// data: a record without it, or with it of another type, is not failed for it.
    /// </summary>
    public PartitionTime PartitionTime { get; init; } = PartitionTime.Item;

    /// <summary>
    /// Whether each line also carries itself, as a string, under <see cref="LakeContract.ItemColumn"/> (a Parquet
    /// lake); an image attribute of that name is then refused as reserved.
    /// </summary>
    public bool ItemColumn { get; init; }

    /// <summary>The site attribute used when none is configured.</summary>
    public const string DefaultSiteAttribute = "siteId";

    /// <summary>The time attribute used when none is configured.</summary>
    public const string DefaultTimeAttribute = "createdAtTime";

    /// <summary>DynamoDB's limit for a top-level attribute name used in a key or index is 255 bytes; we hold ours to it.</summary>
    public const int MaxAttributeNameLength = 255;

    /// <summary>Options with both defaults.</summary>
    public static PartitioningOptions Default { get; } = new(DefaultSiteAttribute, DefaultTimeAttribute);

    /// <summary>
    /// Reads the options from the variables in <see cref="PartitionerEnvironment"/>, falling back to the defaults.
    /// </summary>
    /// <exception cref="ArgumentException">A variable is set to a value that cannot be an attribute name.</exception>
    public static PartitioningOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string site = Read(getVariable, PartitionerEnvironment.SiteAttribute, DefaultSiteAttribute);
        string time = Read(getVariable, PartitionerEnvironment.TimeAttribute, DefaultTimeAttribute);
        string partitionTime = Read(getVariable, PartitionerEnvironment.PartitionTime, PartitionerEnvironment.PartitionTimeValue(PartitionTime.Item));
        string itemColumn = Read(getVariable, PartitionerEnvironment.ItemColumn, "false");
        return Validate(new PartitioningOptions(site, time)
        {
            PartitionTime = PartitionerEnvironment.ParsePartitionTime(partitionTime),
            ItemColumn = PartitionerEnvironment.ParseItemColumn(itemColumn),
        });
    }

    /// <summary>Checks that both names are usable and distinct.</summary>
    /// <exception cref="ArgumentException">Naming the offending setting.</exception>
    public static PartitioningOptions Validate(PartitioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckName(PartitionerEnvironment.SiteAttribute, options.SiteAttribute);
        CheckName(PartitionerEnvironment.TimeAttribute, options.TimeAttribute);
        if (string.Equals(options.SiteAttribute, options.TimeAttribute, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{PartitionerEnvironment.SiteAttribute} and {PartitionerEnvironment.TimeAttribute} must name different attributes; both are '{options.SiteAttribute}'.");
        }

        return options;
    }

    private static string Read(Func<string, string?> getVariable, string variable, string fallback)
    {
        string? value = getVariable(variable);
        return string.IsNullOrEmpty(value) ? fallback : value;
    }

    private static void CheckName(string setting, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxAttributeNameLength)
        {
            throw new ArgumentException(
                $"{setting} must be a non-blank attribute name of at most {MaxAttributeNameLength} characters.");
        }
    }
}
