using PipesLake.Blueprint;

namespace PipesLake.Replay.Conversion;

/// <summary>How one column of <c>changes</c> is read from a lake line and stored in Parquet.</summary>
internal enum ParquetKind
{
    /// <summary>string, varchar, char: a JSON string as it is; any other value as its JSON text.</summary>
    Text,

    /// <summary>bigint: a whole JSON number, or a string holding one.</summary>
    Int64,

    /// <summary>int, smallint, tinyint: as <see cref="Int64"/>, within the type's range.</summary>
    Int32,

    /// <summary>double, float: a JSON number, or a string holding one.</summary>
    Double,

    /// <summary>boolean: true or false, or the strings "true" and "false".</summary>
    Boolean,
}

/// <summary>A column of the Parquet lake: its Glue name, the line's key, its kind and, for small integers, its range.</summary>
/// <param name="Name">The Glue column name, which is the Parquet field's name.</param>
/// <param name="JsonKey">The key in the lake line; matched without regard to case, as the OpenX JSON SerDe does.</param>
/// <param name="Kind">How the value is read.</param>
/// <param name="Type">The Hive type, for messages.</param>
internal sealed record ParquetColumn(string Name, string JsonKey, ParquetKind Kind, string Type)
{
    /// <summary>The kind a Hive type is written as, or null for types the offline writer does not write.</summary>
    public static ParquetColumn? Of(LakeColumn column) => column.Type.Name switch
    {
        "string" or "varchar" or "char" => new(column.Name, column.JsonKey, ParquetKind.Text, column.Type.ToString()),
        "bigint" => new(column.Name, column.JsonKey, ParquetKind.Int64, column.Type.ToString()),
        "int" or "smallint" or "tinyint" => new(column.Name, column.JsonKey, ParquetKind.Int32, column.Type.ToString()),
        "double" or "float" => new(column.Name, column.JsonKey, ParquetKind.Double, column.Type.ToString()),
        "boolean" => new(column.Name, column.JsonKey, ParquetKind.Boolean, column.Type.ToString()),
        _ => null,
    };

    /// <summary>The range of an integer column.</summary>
    public (long Min, long Max) Range => Type switch
    {
        "tinyint" => (sbyte.MinValue, sbyte.MaxValue),
        "smallint" => (short.MinValue, short.MaxValue),
        "int" => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
