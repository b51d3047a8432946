using System.Globalization;

namespace PipesLake.Blueprint;

/// <summary>
/// The Lambda processor's parameters besides <c>LambdaArn</c>, only where they differ from Firehose's
/// defaults. The AWS provider that Pulumi.Aws bridges drops a parameter equal to its default when it reads
/// the stream back (hashicorp/terraform-provider-aws, internal/service/firehose/delivery_stream.go,
/// <c>flattenProcessingConfiguration</c> and <c>defaultProcessorParameters</c>), so declaring one would
/// show a change in every preview.
/// </summary>
public static class ProcessorParameters
{
    /// <summary>Firehose's default retries of a failed invocation.</summary>
    public const int DefaultNumberOfRetries = 3;

    /// <summary>Firehose's default processor buffer interval, for every destination.</summary>
    public const int DefaultBufferIntervalSeconds = 60;

    /// <summary>Firehose's default processor buffer size for every destination but Splunk (0.25).</summary>
    public const decimal DefaultBufferSizeMB = 1m;

    /// <summary>The parameters to declare, by Firehose's name, in a fixed order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> NonDefault(LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "NumberOfRetries", settings.ProcessorRetries, DefaultNumberOfRetries);
        Add(parameters, "BufferSizeInMBs", settings.ProcessorBufferSizeMB, DefaultBufferSizeMB);
        Add(parameters, "BufferIntervalInSeconds", settings.ProcessorBufferIntervalSeconds, DefaultBufferIntervalSeconds);
        return parameters;
    }

    // The provider compares the stored strings, so "1.0" is not the default "1": the value is declared
    // exactly as the setting was written, and kept in state the same way.
    private static void Add<T>(List<KeyValuePair<string, string>> parameters, string name, T value, T defaultValue)
        where T : IFormattable, IEquatable<T>
    {
        string text = value.ToString(null, CultureInfo.InvariantCulture);
        if (!value.Equals(defaultValue) || text != defaultValue.ToString(null, CultureInfo.InvariantCulture))
        {
            parameters.Add(new(name, text));
        }
    }
}
