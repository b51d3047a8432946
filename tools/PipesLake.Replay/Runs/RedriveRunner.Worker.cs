using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using PipesLake.Blueprint;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    /// <summary>One worker: its own function, prefixes and buffers per table, one error object at a time.</summary>
    private sealed partial class Worker(RedriveRunner runner)
    {
        private readonly Dictionary<string, ObjectTable> _tables = new(StringComparer.Ordinal);
        private ObjectTable _table = null!;
        private readonly Random _random = new(1);
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
        private readonly ArrayBufferWriter<byte> _base64 = new(1 << 16);
        private readonly ArrayBufferWriter<byte> _refused = new(1024);
        private byte[] _decoded = new byte[1 << 16];
        private byte[] _lineBuffer = new byte[1 << 16];
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
            _result = new ObjectResult(item);
            _failedInPlace = false;
            _groups.Clear();
            if (ReadObject() is { } unusable)
            {
                // Nothing of it is written: once it is repaired, its records go in once, as one object.
                _result.LeaveWhole(unusable);
                foreach (Group group in _groups.Values)
                {
                    group.Bytes.Release();
                }
            }
            else if (Write() && !_failedInPlace)
            {
                // Handled once its batch is in the lake: the runner hands it to done then.
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
                // The object's identity in the batch markers: 128 bits of XxHash128, which tells the tool's inputs apart fast.
                using var input = new HashingStream(_item.Open(), new System.IO.Hashing.XxHash128());
                var lines = new Input.ByteLines(input, _lineBuffer);
                while (lines.TryRead(out ReadOnlySpan<byte> line))
                {
                    if (!line.IsEmpty)
                    {
                        Redrive(line, lines.Number);
                    }
                }

                _lineBuffer = lines.Buffer;

                _result.Content = BinaryPrimitives.ReadUInt128BigEndian(input.Finish());
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
                // From the runner's pool, back to it once the batch has taken the lines: an object's few kilobytes per
                // partition would otherwise be a fresh 16 KiB block each, zeroed and collected, object after object.
                group = new Group(prefix, _table.Settings, isData, runner._buffers);
                _groups.Add(prefix, group);
            }

            group.Append(bytes, newRecord);
        }

        /// <summary>
        /// Hands the object's lines to its batch: for <c>data/</c>, and its failed-again records for <c>errors/</c>, but a
        /// copy of the object onto itself (its records fail again exactly as before, under its own name); false when
        /// there was one, and the object then stays where it is.
        /// </summary>
        private bool Write()
        {
            bool complete = true;
            foreach (Group group in _groups.Values)
            {
                if (!group.IsData && IsItself(group))
                {
                    complete = false;
                    group.Bytes.Release();
                    continue;
                }

                _result.Lines.Add(group);
            }

            return complete;
        }

        /// <summary>Whether an error group is the object itself: in its folder, under a name that ends in its own hash.</summary>
        private bool IsItself(Group group)
        {
            string identity = $"-redrive-{group.Hash()}";
            string source = _item.SourceKey;
            return source.StartsWith(group.Prefix, StringComparison.Ordinal) && !source.AsSpan(group.Prefix.Length).Contains('/')
                && (source.EndsWith(identity, StringComparison.Ordinal) || source.EndsWith(identity + ".gz", StringComparison.Ordinal));
        }
    }
}
