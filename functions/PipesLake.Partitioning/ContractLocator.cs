using System.Text.Json;

namespace PipesLake.Partitioning;

/// <summary>
/// Finds the contract's fields in one forward pass over the record. Field order is free, because the
/// pipe's template and DynamoDB both decide it; unknown fields are skipped. When the operation is known
/// by the time its image is reached (the template puts eventName first), the image goes straight to the
/// sink, so it is tokenized once rather than twice.
/// </summary>
internal static class ContractLocator
{
    /// <summary>Throws <see cref="JsonException"/> for malformed JSON; the caller maps that to a failure.</summary>
    public static ContractLocation Locate(ReadOnlySpan<byte> record, JsonReaderOptions options, IImageSink sink)
    {
        var location = default(ContractLocation);
        var reader = new Utf8JsonReader(record, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            while (reader.Read())
            {
                // Reading to the end still reports malformed JSON as such rather than as a contract breach.
            }

            return location;
        }

        location.IsObject = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventId"u8))
            {
                reader.Read();
                location.EventId = JsonSlice.Capture(ref reader);
            }
            else if (reader.ValueTextEquals("eventName"u8))
            {
                reader.Read();
                if (location.Operation == 0 && reader.TokenType == JsonTokenType.String)
                {
                    // First one wins: an image may already have been written for it.
                    location.Operation = Operations.Read(ref reader);
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("dynamodb"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    location.Dynamodb = new JsonSlice((int)reader.TokenStartIndex, 1, JsonTokenType.StartObject);
                    LocateInDynamodb(ref reader, ref location, sink);
                    if (location.ImageFailed)
                    {
                        return location;
                    }
                }
                else
                {
                    location.Dynamodb = JsonSlice.Capture(ref reader);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the root object is malformed JSON; Read throws for it.
        while (reader.Read())
        {
        }

        return location;
    }

    private static void LocateInDynamodb(ref Utf8JsonReader reader, ref ContractLocation location, IImageSink sink)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("NewImage"u8))
            {
                reader.Read();
                location.NewImage = CaptureImage(ref reader, ref location, sink, wanted: location.Operation is (byte)'I' or (byte)'U');
            }
            else if (reader.ValueTextEquals("OldImage"u8))
            {
                reader.Read();
                location.OldImage = CaptureImage(ref reader, ref location, sink, wanted: location.Operation == (byte)'D');
            }
            else if (reader.ValueTextEquals("SequenceNumber"u8))
            {
                reader.Read();
                location.SequenceNumber = JsonSlice.Capture(ref reader);
            }
            else if (reader.ValueTextEquals("ApproximateCreationDateTime"u8))
            {
                reader.Read();
                location.CreationTime = JsonSlice.Capture(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            if (location.ImageFailed)
            {
                return;
            }
        }
    }

    private static JsonSlice CaptureImage(ref Utf8JsonReader reader, ref ContractLocation location, IImageSink sink, bool wanted)
    {
        if (!wanted || location.ImageWritten || reader.TokenType != JsonTokenType.StartObject)
        {
            return JsonSlice.Capture(ref reader);
        }

        int start = (int)reader.TokenStartIndex;
        location.ImageWritten = true;
        location.ImageFailed = !sink.Write(ref reader);
        int end = location.ImageFailed ? start + 1 : (int)reader.BytesConsumed;
        return new JsonSlice(start, end - start, JsonTokenType.StartObject);
    }
}
