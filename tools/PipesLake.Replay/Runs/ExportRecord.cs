using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

/// <summary>
/// The pipe's record for an item of a DynamoDB export: an INSERT at the export time, the item as its new image,
/// its key as <c>Keys</c>, sequence number <see cref="BackfillRunner.SnapshotSequence"/>. The export line's bytes are
/// spliced in as they are (a JSON reader checks the line and finds the item and its key): no document is built.
/// </summary>
internal sealed class ExportRecord
{
    private static readonly byte[] s_item = Encoding.UTF8.GetBytes("Item");
    private static readonly byte[] s_key = Encoding.UTF8.GetBytes(QueryTables.TableKey);

    private readonly byte[] _head;
    private readonly byte[] _middle;
    private readonly byte[] _tail;
    private readonly ArrayBufferWriter<byte> _record = new(4096);

    public ExportRecord(string exportId, DateTimeOffset exportTime)
    {
        string Name(string name) => JsonEncodedText.Encode(name).ToString();
        _head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"{Name(LakeContract.EventId)}\":{JsonSerializer.Serialize($"export-{exportId}")},\"{Name(LakeContract.EventName)}\":\"INSERT\",\"{Name(LakeContract.Dynamodb)}\":{{\"{Name(LakeContract.ApproximateCreationDateTime)}\":{exportTime.ToUnixTimeSeconds()},\"Keys\":{{\"{Name(QueryTables.TableKey)}\":"));
        _middle = Encoding.UTF8.GetBytes($"}},\"{Name(LakeContract.NewImage)}\":");
        _tail = Encoding.UTF8.GetBytes($",\"{Name(LakeContract.SequenceNumber)}\":\"{BackfillRunner.SnapshotSequence}\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}}}");
    }

    /// <summary>The record <see cref="Transform"/> last wrote: what an error record carries (base64) when the function fails it.</summary>
    public ReadOnlySpan<byte> Record => _record.WrittenSpan;

    /// <summary>
    /// The function's outcome for one export line (its line in <paramref name="function"/>'s <see cref="RecordTransformer.Line"/>),
    /// or null when the line is not an export item. Backfill and reconcile both make lines of export items this way.
    /// </summary>
    public TransformOutcome? Transform(ReadOnlySpan<byte> line, RecordTransformer function)
    {
        ArgumentNullException.ThrowIfNull(function);
        _record.ResetWrittenCount();
        return TryWrite(line, _record) ? function.Transform(_record.WrittenSpan) : null;
    }

    /// <summary>
    /// Writes the record for one export line; false when the line is not one JSON object with an <c>Item</c> object
    /// that holds the table's key.
    /// </summary>
    public bool TryWrite(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output)
    {
        if (!TryFind(line, out Range item, out Range key))
        {
            return false;
        }

        output.Write(_head);
        output.Write(line[key]);
        output.Write(_middle);
        output.Write(line[item]);
        output.Write(_tail);
        return true;
    }

    private static bool TryFind(ReadOnlySpan<byte> line, out Range item, out Range key)
    {
        item = key = default;
        bool haveItem = false, haveKey = false;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isItem = !haveItem && reader.ValueTextEquals(s_item);
                reader.Read();
                if (!isItem || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                int start = (int)reader.TokenStartIndex;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isKey = !haveKey && reader.ValueTextEquals(s_key);
                    reader.Read();
                    int valueStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (isKey)
                    {
                        key = valueStart..(int)reader.BytesConsumed;
                        haveKey = true;
                    }
                }

                item = start..(int)reader.BytesConsumed;
                haveItem = true;
            }

            // The whole line is one object: anything after it is not an export line.
            return !reader.Read() && haveItem && haveKey;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
