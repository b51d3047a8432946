using Amazon.Lambda.Serialization.SystemTextJson;
using PipesLake.Partitioning;

namespace PipesLake.Partitioner;

/// <summary>
/// The function's serializer: Amazon's source-generated one, reading names exactly as Firehose writes
/// them (Amazon's default matches them case-insensitively) and skipping a leading UTF-8 byte-order mark,
/// so it accepts and refuses the same requests as <see cref="FirehoseEventJson"/>, the local
/// <c>transform</c>. Lambda creates it from the assembly's <c>LambdaSerializer</c> attribute.
/// </summary>
public sealed class PartitionerSerializer : SourceGeneratorLambdaJsonSerializer<PartitionerJsonContext>
{
    /// <summary>Creates the serializer with exact property names.</summary>
    public PartitionerSerializer()
        : base(options => options.PropertyNameCaseInsensitive = false)
    {
    }

    /// <inheritdoc/>
    protected override T InternalDeserialize<T>(byte[] utf8Json)
    {
        ReadOnlySpan<byte> json = FirehoseEventJson.WithoutByteOrderMark(utf8Json);
        return base.InternalDeserialize<T>(json.Length == utf8Json.Length ? utf8Json : json.ToArray());
    }
}
