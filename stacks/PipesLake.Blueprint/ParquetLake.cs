namespace PipesLake.Blueprint;

/// <summary>What a Parquet lake's objects are, in the delivery stream and in the offline tools alike.</summary>
public static class ParquetLake
{
    /// <summary>
    /// The codec over Parquet's data pages: SNAPPY, the ParquetSerDe's default (Firehose API Reference, "ParquetSerDe":
    /// "The possible values are UNCOMPRESSED, SNAPPY, and GZIP, with the default being SNAPPY").
    /// </summary>
    public const string Compression = "SNAPPY";

    /// <summary>
    /// The record format conversion's error-output type: the records it cannot deserialize against the schema go under
    /// <c>errors/format-conversion-failed/</c> (Firehose Developer Guide, "Handling errors for data format conversion").
    /// </summary>
    public const string ConversionFailed = "format-conversion-failed";
}
