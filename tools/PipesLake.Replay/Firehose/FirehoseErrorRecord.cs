using System.Buffers;
using System.Text.Json;
using PipesLake.Partitioning;

namespace PipesLake.Replay.Firehose;

/// <summary>
/// One line of a Firehose error object, as the Firehose Developer Guide documents it for records the
/// function failed ("Data transformation failure handling": <c>attemptsMade</c>, <c>arrivalTimestamp</c>,
/// <c>errorCode</c>, <c>errorMessage</c>, <c>attemptEndingTimestamp</c>, <c>rawData</c>, <c>lambdaArn</c>).
/// </summary>
internal static class FirehoseErrorRecord
{
    /// <summary>Firehose's code for a record the function answered <c>ProcessingFailed</c>.</summary>
    public const string ProcessingFailedCode = "Lambda.ProcessingFailedStatus";

    /// <summary>The error-output type of such records, which names their prefix.</summary>
    public const string ProcessingFailedType = "processing-failed";

    /// <summary>Writes the record and its newline.</summary>
    public static void Write(IBufferWriter<byte> output, long arrivalMilliseconds, long attemptsMade, TransformOutcome failed, string rawData, string lambdaArn)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteNumber("attemptsMade", attemptsMade);
            writer.WriteNumber("arrivalTimestamp", arrivalMilliseconds);
            writer.WriteString("errorCode", ProcessingFailedCode);
            writer.WriteString("errorMessage", $"ProcessingFailed status returned from Lambda function ({failed.Failure}: {failed.Detail})");
            writer.WriteNumber("attemptEndingTimestamp", arrivalMilliseconds);
            writer.WriteString("rawData", rawData);
            writer.WriteString("lambdaArn", lambdaArn);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }
}
