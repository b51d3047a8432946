using System.Globalization;
using System.Text.Json;

namespace PipesLake.Replay.DeadLetters;

/// <summary>
/// Reads the dead-letter messages of a pipe whose source is a DynamoDB stream, as an operator saves them: the output of
/// <c>aws sqs receive-message</c> (<c>{"Messages": [...]}</c>, each body a message), message bodies one per line or one
/// per file, and an SNS notification wrapping a body (an SNS dead-letter topic delivered to a queue without raw message
/// delivery). A body holds <c>DDBStreamBatchInfo</c>: the shape AWS documents for a stream's failed batch (AWS Lambda
/// Developer Guide, "Retain discarded records for a DynamoDB event source in Lambda",
/// https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html), which a pipe sends under the same name
/// with <c>context.partnerResourceArn</c> naming the pipe (a message captured from a pipe's DLQ: DVLA Engineering,
/// "Streaming Application State Changes using DynamoDB streams and EventBridge Pipes", 2024-03-21,
/// https://github.com/dvla/dvla.github.io). The EventBridge Pipes pages document the dead-letter configuration but not
/// the message, so anything else is refused by name, never guessed at.
/// </summary>
internal static class DeadLetterMessages
{
    /// <summary>Adds the batches <paramref name="text"/> names to <paramref name="positions"/>, and what it cannot read to <paramref name="refused"/>.</summary>
    /// <param name="name">The file's name, for messages.</param>
    /// <param name="text">The file's content.</param>
    /// <param name="positions">The batches read.</param>
    /// <param name="refused">One line per message (or line) not read: where it is, and why.</param>
    public static void Read(string name, string text, List<BatchPosition> positions, List<string> refused)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(refused);
        if (Parse(text) is { } whole)
        {
            using (whole)
            {
                ReadValue(name, whole.RootElement, positions, refused);
            }

            return;
        }

        // Not one JSON document: one per line.
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string where = $"{name}:{i + 1}";
            if (Parse(line) is not { } document)
            {
                refused.Add($"{where}: not JSON");
                continue;
            }

            using (document)
            {
                ReadValue(where, document.RootElement, positions, refused);
            }
        }
    }

    private static void ReadValue(string where, JsonElement value, List<BatchPosition> positions, List<string> refused)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                ReadValue($"{where}[{index++}]", item, positions, refused);
            }

            return;
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("Messages", out JsonElement messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement message in messages.EnumerateArray())
            {
                string id = Text(message, "MessageId") is { } messageId ? $"message {messageId}" : $"{where} (a message without MessageId)";
                ReadBody(id, Text(message, "Body"), positions, refused);
            }

            return;
        }

        ReadMessage(where, value, positions, refused);
    }

    private static void ReadBody(string where, string? body, List<BatchPosition> positions, List<string> refused)
    {
        if (body is null || Parse(body) is not { } document)
        {
            refused.Add($"{where}: its body is not JSON");
            return;
        }

        using (document)
        {
            ReadMessage(where, document.RootElement, positions, refused);
        }
    }

    private static void ReadMessage(string where, JsonElement message, List<BatchPosition> positions, List<string> refused)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            refused.Add($"{where}: not a dead-letter message (a JSON object)");
            return;
        }

        if (Text(message, "Type") == "Notification" && Text(message, "Message") is { } inner)
        {
            ReadBody(Text(message, "MessageId") is { } id ? $"message {id}" : where, inner, positions, refused);
            return;
        }

        if (!message.TryGetProperty("DDBStreamBatchInfo", out JsonElement info) || info.ValueKind != JsonValueKind.Object)
        {
            refused.Add(message.TryGetProperty("KinesisBatchInfo", out _)
                ? $"{where}: a Kinesis stream's batch, not a DynamoDB stream's"
                : $"{where}: no DDBStreamBatchInfo, so not a dead-letter message of a pipe from a DynamoDB stream");
            return;
        }

        string? problem = Check(info, out BatchPosition? position, where, Condition(message));
        if (problem is not null)
        {
            refused.Add($"{where}: DDBStreamBatchInfo {problem}");
            return;
        }

        positions.Add(position!);
    }

    private static string? Check(JsonElement info, out BatchPosition? position, string where, string? condition)
    {
        position = null;
        string? arn = Text(info, "streamArn");
        string? shard = Text(info, "shardId");
        string? first = Text(info, "startSequenceNumber");
        string? last = Text(info, "endSequenceNumber");
        if (!StreamArns.IsValid(arn))
        {
            return $"has no stream ARN in streamArn (got {Shown(arn)})";
        }

        if (string.IsNullOrWhiteSpace(shard))
        {
            return "has no shardId";
        }

        if (!StreamSequence.IsValid(first) || !StreamSequence.IsValid(last))
        {
            return $"has no sequence number in {(StreamSequence.IsValid(first) ? "endSequenceNumber" : "startSequenceNumber")}";
        }

        if (StreamSequence.Compare(first!, last!) > 0)
        {
            return $"starts after it ends (startSequenceNumber {first} > endSequenceNumber {last})";
        }

        if (!Time(info, "approximateArrivalOfFirstRecord", out DateTimeOffset firstArrival) || !Time(info, "approximateArrivalOfLastRecord", out DateTimeOffset lastArrival))
        {
            return "has no time in approximateArrivalOfFirstRecord or approximateArrivalOfLastRecord";
        }

        if (!info.TryGetProperty("batchSize", out JsonElement size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt32(out int batchSize) || batchSize < 1)
        {
            return "has no batchSize of 1 or more";
        }

        position = new BatchPosition(where, arn!, shard!, first!, last!, firstArrival, lastArrival, batchSize, condition);
        return null;
    }

    /// <summary>Why the pipe gave up: <c>context.condition</c> (a pipe), or <c>requestContext.condition</c> (Lambda's record).</summary>
    private static string? Condition(JsonElement message) =>
        (message.TryGetProperty("context", out JsonElement context) || message.TryGetProperty("requestContext", out context)) && context.ValueKind == JsonValueKind.Object
            ? Text(context, "condition")
            : null;

    private static bool Time(JsonElement info, string name, out DateTimeOffset time)
    {
        time = default;
        return Text(info, name) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out JsonElement found) && found.ValueKind == JsonValueKind.String ? found.GetString() : null;

    private static string Shown(string? value) => value is null ? "nothing" : value.Length > 80 ? "a string of " + value.Length + " characters" : $"'{value}'";

    private static JsonDocument? Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
