using Parquet;
using Parquet.Schema;

namespace PipesLake.Replay.Conversion;

/// <summary>Reading a Parquet lake's objects back, for queries of a lake in a bucket.</summary>
internal sealed partial class ParquetConversion
{
    /// <summary>The .NET type of each column's values as <see cref="Rows"/> gives them.</summary>
    public IEnumerable<(string Name, Type Type)> Columns => _columns.Select(c => (c.Name, c.Kind switch
    {
        ParquetKind.Text => typeof(string),
        ParquetKind.Int64 => typeof(long),
        ParquetKind.Int32 => typeof(int),
        ParquetKind.Double => typeof(double),
        _ => typeof(bool),
    }));

    /// <summary>The rows of one Parquet object written by <see cref="Write"/> (or by Firehose with the same schema), column by column in order.</summary>
    public IEnumerable<object?[]> Rows(Stream parquet) => ReadAsync(parquet).GetAwaiter().GetResult();

    private async Task<List<object?[]>> ReadAsync(Stream input)
    {
        var rows = new List<object?[]>();
        await using ParquetReader reader = await ParquetReader.CreateAsync(input).ConfigureAwait(false);
        DataField[] fields = reader.Schema.GetDataFields();
        for (int group = 0; group < reader.RowGroupCount; group++)
        {
            using ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(group);
            int count = checked((int)rowGroup.RowCount);
            var values = new object?[_columns.Length][];
            for (int i = 0; i < _columns.Length; i++)
            {
                DataField? field = fields.FirstOrDefault(f => f.Name == _columns[i].Name);
                values[i] = field is null || !rowGroup.ColumnExists(field) ? new object?[count] : await ReadColumnAsync(rowGroup, field, _columns[i].Kind, count).ConfigureAwait(false);
            }

            for (int row = 0; row < count; row++)
            {
                rows.Add([.. values.Select(column => column[row])]);
            }
        }

        return rows;
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader rowGroup, DataField field, ParquetKind kind, int count)
    {
        switch (kind)
        {
            case ParquetKind.Text:
                var text = new string?[count];
                await rowGroup.ReadAsync(field, text.AsMemory()).ConfigureAwait(false);
                return [.. text];
            case ParquetKind.Int64:
                var longs = new long?[count];
                await rowGroup.ReadAsync<long>(field, longs.AsMemory()).ConfigureAwait(false);
                return [.. longs.Select(v => (object?)v)];
            case ParquetKind.Int32:
                var ints = new int?[count];
                await rowGroup.ReadAsync<int>(field, ints.AsMemory()).ConfigureAwait(false);
                return [.. ints.Select(v => (object?)v)];
            case ParquetKind.Double:
                var doubles = new double?[count];
                await rowGroup.ReadAsync<double>(field, doubles.AsMemory()).ConfigureAwait(false);
                return [.. doubles.Select(v => (object?)v)];
            default:
                var bools = new bool?[count];
                await rowGroup.ReadAsync<bool>(field, bools.AsMemory()).ConfigureAwait(false);
                return [.. bools.Select(v => (object?)v)];
        }
    }
}
