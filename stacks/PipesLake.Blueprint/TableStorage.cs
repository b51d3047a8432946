namespace PipesLake.Blueprint;

/// <summary>How a table's objects are read: the SerDe, the input and output formats, and Glue's classification.</summary>
/// <param name="SerDe">The serialization library.</param>
/// <param name="InputFormat">The Hadoop input format.</param>
/// <param name="OutputFormat">The Hadoop output format.</param>
/// <param name="SerDeParameters">The SerDe's parameters.</param>
/// <param name="Classification">Glue's <c>classification</c> table parameter.</param>
public sealed record TableStorage(string SerDe, string InputFormat, string OutputFormat, IReadOnlyDictionary<string, string> SerDeParameters, string Classification)
{
    /// <summary>
    /// JSON lines with the OpenX JSON SerDe, keys matched case-insensitively (Athena User Guide, "OpenX JSON SerDe").
    /// </summary>
    public static TableStorage Json { get; } = new(
        "org.openx.data.jsonserde.JsonSerDe",
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["case.insensitive"] = "true" },
        "json");

    /// <summary>Parquet with the Hive Parquet SerDe (Athena User Guide, "Parquet SerDe").</summary>
    public static TableStorage Parquet { get; } = new(
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["serialization.format"] = "1" },
        "parquet");
}
