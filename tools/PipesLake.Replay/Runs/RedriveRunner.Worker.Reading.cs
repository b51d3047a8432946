using System.Buffers;
using System.Text.Json;

namespace PipesLake.Replay.Runs;

internal sealed partial class RedriveRunner
{
    private static readonly byte[] s_rawData = "rawData"u8.ToArray();
    private static readonly byte[] s_arrival = "arrivalTimestamp"u8.ToArray();
    private static readonly byte[] s_attempts = "attemptsMade"u8.ToArray();
    private static readonly byte[] s_lambdaArn = "lambdaArn"u8.ToArray();

    /// <summary>A worker's reading of one error record's fields.</summary>
    private sealed partial class Worker
    {
        private string? _lastArn;
        private byte[] _lastArnUtf8 = [];

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
                        lambdaArn = reader.TokenType != JsonTokenType.String ? null : SameArn(ref reader);
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

        /// <summary>The record's <c>lambdaArn</c>: the string of the record before when it is the same (an object's records share one).</summary>
        private string SameArn(ref Utf8JsonReader reader)
        {
            if (_lastArn is null || !reader.ValueTextEquals(_lastArnUtf8))
            {
                _lastArn = reader.GetString()!;
                _lastArnUtf8 = System.Text.Encoding.UTF8.GetBytes(_lastArn);
            }

            return _lastArn;
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
}
