using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    private static readonly byte[] s_rawData = "rawData"u8.ToArray();
    private static readonly byte[] s_arrival = "arrivalTimestamp"u8.ToArray();
    private static readonly byte[] s_attempts = "attemptsMade"u8.ToArray();
    private static readonly byte[] s_lambdaArn = "lambdaArn"u8.ToArray();

    /// <summary>One worker: its own function, prefixes and buffers per table, one error object at a time.</summary>
    private sealed class Worker(RedriveRunner runner)
    {
        private readonly Dictionary<string, ObjectTable> _tables = new(StringComparer.Ordinal);
        private ObjectTable _table = null!;
        private readonly Random _random = new(1);
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
        private readonly ArrayBufferWriter<byte> _base64 = new(1 << 16);
        private readonly ArrayBufferWriter<byte> _refused = new(1024);
        private byte[] _decoded = new byte[1 << 16];
        private ObjectResult _result = null!;
        private ErrorObject _item = null!;
        private bool _failedInPlace;

        public ObjectResult Run(ErrorObject item)
        {
            _item = item;
            TableSettings table = runner.TableOf(item);
            if (!_tables.TryGetValue(table.Name, out ObjectTable? state))
            {
                state = new ObjectTable(table, runner);
                _tables.Add(table.Name, state);
            }

            _table = state;
            _result = new ObjectResult(item.Relative);
            _failedInPlace = false;
            _groups.Clear();
            if (ReadObject() is { } unusable)
            {
                // Nothing of it is written: once it is repaired, its records go in once, as one object.
                _result.LeaveWhole(unusable);
            }
            else if (Write() && !_failedInPlace)
            {
                _result.Handled = true;
            }
            else
            {
                _result.Why = "records that fail again stay in it";
            }

            _groups.Clear();
            return _result;
        }

        /// <summary>Reads the error object into the groups; returns why none of it can be used, or null.</summary>
        private string? ReadObject()
        {
            try
            {
                using Stream input = _item.Open();
                var lines = new Input.ByteLines(input);
                while (lines.TryRead(out ReadOnlySpan<byte> line))
                {
                    if (!line.IsEmpty)
                    {
                        Redrive(line, lines.Number);
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return $"unreadable: {e.Message.ReplaceLineEndings(" ")}";
            }

            return _result.MalformedLines.Count > 0 ? "lines that are not error records" : null;
        }

        private void Redrive(ReadOnlySpan<byte> line, long number)
        {
            _result.Records++;
            Interlocked.Increment(ref runner._records);
            if (!TryReadErrorRecord(line, out long arrival, out long attempts, out string? lambdaArn))
            {
                _result.MalformedLines.Add($"{_item.Relative}:{number}");
                return;
            }

            ReadOnlySpan<byte> base64 = _base64.WrittenSpan;
            if (_decoded.Length < (base64.Length / 4 * 3) + 3)
            {
                _decoded = new byte[(base64.Length / 4 * 3) + 3];
            }

            TransformOutcome outcome;
            bool decodedWhole = Base64.DecodeFromUtf8(base64, _decoded, out _, out int length) == OperationStatus.Done;
            if (!decodedWhole)
            {
                // The function decodes as Convert does (white space between characters allowed): so does redrive.
                decodedWhole = Convert.TryFromBase64String(Encoding.ASCII.GetString(base64), _decoded, out length);
            }

            if (decodedWhole && length > 0)
            {
                ReadOnlySpan<byte> decoded = _decoded.AsSpan(0, length);
                if (LakeLine.Is(decoded))
                {
                    // A line the function returned and Firehose could not deliver: its bytes, its partition.
                    ReadOnlySpan<byte> lakeLine = decoded.TrimEnd("\n"u8);
                    outcome = LakeLine.KeyOf(lakeLine, _table.Settings.FunctionOptions);
                    if (outcome.IsOk)
                    {
                        AppendData(outcome.Key, lakeLine, "\n"u8, arrival);
                        return;
                    }
                }
                else
                {
                    outcome = _table.Function.Transform(decoded);
                    if (outcome.IsOk)
                    {
                        AppendData(outcome.Key, _table.Function.Line, default, arrival);
                        return;
                    }
                }
            }
            else
            {
                // Not base64: the function's own answer to such data.
                outcome = _table.Decoder.TransformLine(base64);
            }

            _result.FailedAgainByReason.Count(outcome.Failure);
            if (_item.StaysInLake)
            {
                // Already under this lake's errors/: a copy with the new reason would count it twice.
                _failedInPlace = true;
                return;
            }

            var record = new ArrayBufferWriter<byte>(base64.Length + 256);
            FirehoseErrorRecord.Write(record, arrival, attempts, outcome, Encoding.ASCII.GetString(base64), lambdaArn ?? runner._lambdaArn);
            string prefix = _table.ErrorPrefix.Evaluate(null, DateTimeOffset.FromUnixTimeMilliseconds(arrival), FirehoseErrorRecord.ProcessingFailedType, _random);
            Append(prefix, record.WrittenSpan, isData: false, newRecord: true);
        }

        /// <summary>
        /// A line for <c>data/</c>; in a Parquet lake, one the conversion refuses goes to <c>format-conversion-failed</c>
        /// stamped with the record's own <paramref name="arrival"/>, so a rerun makes the very same error record.
        /// </summary>
        private void AppendData(PartitionKey key, ReadOnlySpan<byte> line, ReadOnlySpan<byte> newline, long arrival)
        {
            string prefix = _table.DataPrefixes.For(key);
            if (_table.Conversion is { } conversion && conversion.Refuses(prefix, line, _refused, arrival))
            {
                // A Parquet lake's conversion refuses it, as Firehose would: to format-conversion-failed, once.
                _result.NotConverted++;
                if (_item.StaysInLake)
                {
                    _failedInPlace = true;
                    return;
                }

                Append(conversion.ErrorPrefixOf(arrival), _refused.WrittenSpan, isData: false, newRecord: true);
                return;
            }

            Append(prefix, line, isData: true, newRecord: true);
            if (!newline.IsEmpty)
            {
                Append(prefix, newline, isData: true, newRecord: false);
            }
        }

        private void Append(string prefix, ReadOnlySpan<byte> bytes, bool isData, bool newRecord)
        {
            if (!_groups.TryGetValue(prefix, out Group? group))
            {
                group = new Group(prefix, isData);
                _groups.Add(prefix, group);
            }

            group.Append(bytes, newRecord);
        }

        /// <summary>
        /// Writes the object's groups but a copy of the object onto itself (its records fail again exactly as
        /// before); false when there was one, and the object then stays where it is.
        /// </summary>
        private bool Write()
        {
            bool complete = true;
            foreach (Group group in _groups.Values)
            {
                // The stream's name makes the name Firehose-like; the hash alone says which object it is, so a rerun
                // with another stack file (another stream name) or compression finds it too.
                string identity = $"-redrive-{group.Hash()}";
                string key = $"{group.Prefix}{_table.Stream}{identity}";
                string source = _item.SourceKey;
                bool itself = source.StartsWith(group.Prefix, StringComparison.Ordinal) && !source.AsSpan(group.Prefix.Length).Contains('/')
                    && (source.EndsWith(identity, StringComparison.Ordinal) || source.EndsWith(identity + ".gz", StringComparison.Ordinal));
                if (!group.IsData && itself)
                {
                    complete = false;
                    continue;
                }

                if (group.IsData)
                {
                    _result.Partitions.Add(group.Prefix);
                }

                (LakeWrite outcome, long bytes) = group.IsData && _table.Conversion is { } conversion
                    ? conversion.Conversion.Put(runner._lake, key, group.Bytes.WrittenSpan, identity)
                    : group.PutInto(runner._lake, key, runner._options.Gzip, identity);
                _result.Bytes += bytes;
                if (outcome == LakeWrite.AlreadyThere)
                {
                    // An error group's records are counted already, as failed again or not converted: once.
                    _result.AlreadyWritten += group.IsData ? group.Records : 0;
                    continue;
                }

                _result.ObjectsWritten++;
                _result.Redriven += group.IsData ? group.Records : 0;
            }

            return complete;
        }

        /// <summary>
        /// Reads an error record's fields in one pass of a JSON reader: <c>rawData</c> into the base64 buffer, the rest
        /// as they are; false for a line that is not one (no JSON object, no string rawData, no whole non-negative
        /// arrivalTimestamp, which Firehose writes on every error record and which dates what a redrive writes for it).
        /// A repeated name counts as its last occurrence, as a document's lookup finds it.
        /// </summary>
        private bool TryReadErrorRecord(ReadOnlySpan<byte> line, out long arrival, out long attempts, out string? lambdaArn)
        {
            arrival = -1;
            attempts = 1;
            lambdaArn = null;
            bool raw = false;
            var reader = new Utf8JsonReader(line);
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isRaw = reader.ValueTextEquals(s_rawData), isArrival = reader.ValueTextEquals(s_arrival);
                    bool isAttempts = reader.ValueTextEquals(s_attempts), isArn = reader.ValueTextEquals(s_lambdaArn);
                    reader.Read();
                    if (isRaw)
                    {
                        raw = reader.TokenType == JsonTokenType.String;
                        if (raw)
                        {
                            CopyString(ref reader, _base64);
                        }
                    }
                    else if (isArrival)
                    {
                        arrival = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ms) && ms >= 0 ? ms : -1;
                    }
                    else if (isAttempts)
                    {
                        attempts = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long count) ? count : 1;
                    }
                    else if (isArn)
                    {
                        lambdaArn = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }

                    reader.Skip();
                }

                return !reader.Read() && raw && arrival >= 0;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static void CopyString(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
        {
            output.ResetWrittenCount();
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                output.Write(reader.ValueSpan);
                return;
            }

            int length = reader.CopyString(output.GetSpan(reader.ValueSpan.Length));
            output.Advance(length);
        }
    }

    /// <summary>
    /// What a worker uses for the objects of one table: the function with the table's rules as the stack file gives
    /// them now, not the ones a record carried when it failed (a redrive follows a fix, which may be the rules
    /// themselves: a table's siteAttribute set right), its prefixes, its stream's name, its conversion in a Parquet lake.
    /// </summary>
    private sealed class ObjectTable(TableSettings table, RedriveRunner runner)
    {
        public TableSettings Settings { get; } = table;

        public FirehoseBatchTransformer Decoder { get; } = new(table.FunctionOptions);

        public RecordTransformer Function { get; } = new(table.FunctionOptions);

        public DataPrefixes DataPrefixes { get; } = new(table);

        public PrefixExpression ErrorPrefix { get; } = PrefixExpression.Parse(LakePrefixes.Error(table));

        public string Stream { get; } = runner._tables.StreamOf(table);

        public ConversionCheck? Conversion { get; } = runner._conversions?.Of(table);
    }

    /// <summary>The lines bound for one object, with a running hash of its prefix and content.</summary>
    private sealed class Group(string prefix, bool isData)
    {
        private readonly IncrementalHash _hash = CreateHash(prefix);

        public string Prefix { get; } = prefix;

        public bool IsData { get; } = isData;

        public ArrayBufferWriter<byte> Bytes { get; } = new();

        /// <summary>Puts the group's bytes into <paramref name="lake"/> as one object, through a stream over them (no copy).</summary>
        public (LakeWrite Outcome, long Bytes) PutInto(IObjectStore lake, string key, bool gzip, string identity)
        {
            if (!MemoryMarshal.TryGetArray(Bytes.WrittenMemory, out ArraySegment<byte> written))
            {
                throw new InvalidOperationException("an array buffer's memory is an array");
            }

            using var content = new MemoryStream(written.Array!, written.Offset, written.Count, writable: false);
            return lake.Put(key, content, gzip, identity);
        }

        public long Records { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes, bool newRecord)
        {
            Bytes.Write(bytes);
            _hash.AppendData(bytes);
            Records += newRecord ? 1 : 0;
        }

        public string Hash() => Convert.ToHexStringLower(_hash.GetHashAndReset().AsSpan(0, 16));

        private static IncrementalHash CreateHash(string prefix)
        {
            var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(prefix + "\n"));
            return hash;
        }
    }
}
