namespace PipesLake.Partitioning;

/// <summary>
/// The transformed batch would not fit in a Lambda response. Failing the whole invocation is deliberate:
/// Firehose retries it and, when retries run out, writes every record under <c>processing-failed</c>,
/// so nothing is lost; the fix is a smaller processor buffer.
/// </summary>
public sealed class ResponseTooLargeException : Exception
{
    /// <summary>Creates the exception from the batch's numbers.</summary>
    public ResponseTooLargeException(int records, long estimatedBytes, long limitBytes)
        : base($"The response for {records} records would be about {estimatedBytes} bytes, over the {limitBytes}-byte Lambda response limit. "
            + "Failing the invocation so Firehose retries and then writes the batch under its error prefix; lower the processor's BufferSizeInMBs.")
    {
        Records = records;
        EstimatedBytes = estimatedBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResponseTooLargeException()
    {
    }

    /// <summary>Records in the batch.</summary>
    public int Records { get; }

    /// <summary>Upper estimate of the serialized response.</summary>
    public long EstimatedBytes { get; }

    /// <summary>The limit it would exceed.</summary>
    public long LimitBytes { get; }
}
