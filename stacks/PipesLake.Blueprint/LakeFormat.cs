namespace PipesLake.Blueprint;

/// <summary>The format of the lake's data objects (<see cref="SettingKeys.Format"/>).</summary>
public enum LakeFormat
{
    /// <summary>Newline-delimited JSON, GZIP or plain: every attribute of every item, as the function writes it.</summary>
    Json,

    /// <summary>
    /// Apache Parquet, SNAPPY: the delivery stream converts each line against the <c>changes</c> table's schema. Only
    /// declared columns survive conversion, so every line also carries the whole item as the string column
    /// <c>_item</c> (<see cref="Partitioning.LakeContract.ItemColumn"/>).
    /// </summary>
    Parquet,
}
