namespace PipesLake.Partitioning;

/// <summary>
/// Why a record could not become a lake line. Every failed record goes back to Firehose as
/// <c>ProcessingFailed</c> with its original data, so it lands under the error prefix.
/// </summary>
public enum RecordFailure
{
    /// <summary>The record was transformed.</summary>
    None = 0,

    /// <summary>The Firehose <c>data</c> field is missing or not valid base64.</summary>
    InvalidBase64,

    /// <summary>The decoded data is not well-formed UTF-8 JSON.</summary>
    InvalidJson,

    /// <summary>Well-formed JSON that does not follow the pipe's contract (a field is missing or of the wrong type).</summary>
    NotContract,

    /// <summary>An image attribute is not valid DynamoDB JSON (unknown type tag, wrong value type, several tags).</summary>
    InvalidAttributeValue,

    /// <summary>An <c>N</c> value is not a number JSON can carry digit for digit.</summary>
    InvalidNumber,

    /// <summary>An image attribute uses a name the lake line reserves (<c>_op</c>, <c>_eventId</c>, <c>_seq</c>, <c>_ts</c>).</summary>
    ReservedAttributeName,

    /// <summary>The image has no site attribute.</summary>
    MissingSiteAttribute,

    /// <summary>The site attribute is neither S nor N.</summary>
    InvalidSiteAttributeType,

    /// <summary>The site value is empty, too long, or has characters unsafe in an S3 key.</summary>
    InvalidSiteValue,

    /// <summary>The image has no time attribute.</summary>
    MissingTimeAttribute,

    /// <summary>The time attribute is not N.</summary>
    InvalidTimeAttributeType,

    /// <summary>The time attribute is not a whole number of milliseconds.</summary>
    InvalidTimeValue,

    /// <summary>The time attribute is before 1970 or after 9999.</summary>
    TimeOutOfRange,
}
