namespace PipesLake.Replay.Input;

/// <summary>
/// Reads DynamoDB stream records from a stream without loading it whole: a JSON array of records,
/// newline-delimited records, or the <c>{"Records": [...]}</c> object that
/// <c>aws dynamodbstreams get-records</c> prints. Records are cut out here and parsed later, so a
/// malformed record is reported with its line and the rest still run. A UTF-8 byte order mark at the start (some
/// editors and PowerShell write one) is skipped, as the function skips one before a request.
/// </summary>
internal sealed class StreamRecordSource(Stream input)
{
    private const int ChunkSize = 1 << 16;

    /// <summary>Bytes consumed so far, for progress.</summary>
    public long BytesRead { get; private set; }

    public IEnumerable<SourceRecord> Read()
    {
        var scanner = new RecordScanner();
        byte[] chunk = new byte[ChunkSize];
        var found = new List<SourceRecord>();
        Stream records = ByteOrderMark.Skip(input);
        int read;
        while ((read = records.Read(chunk, 0, chunk.Length)) > 0)
        {
            BytesRead += read;
            scanner.Scan(chunk.AsSpan(0, read), found);
            foreach (SourceRecord record in found)
            {
                yield return record;
            }

            found.Clear();
        }

        scanner.Finish(found);
        foreach (SourceRecord record in found)
        {
            yield return record;
        }
    }
}
