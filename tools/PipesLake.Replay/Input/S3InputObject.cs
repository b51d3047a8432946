using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using S3Location = PipesLake.Replay.Storage.S3Location;

namespace PipesLake.Replay.Input;

/// <summary>
/// replay's input where it is, <c>s3://bucket/key</c>: streamed, never copied to disk. Every read is of the version
/// first seen (<c>If-Match</c> on its ETag), so an object replaced during the run stops it rather than mixing two
/// versions; a GZIP object is checked against its trailer as a local file is.
/// </summary>
internal sealed class S3InputObject
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _etag;
    private readonly bool _gzip;
    private readonly byte[] _trailer = [];

    private S3InputObject(IAmazonS3 s3, string uri)
    {
        _s3 = s3;
        Name = uri;
        (_bucket, _key) = S3Location.ParseObject(uri);
        GetObjectMetadataResponse head;
        try
        {
            head = s3.GetObjectMetadataAsync(_bucket, _key).GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || (e.StatusCode == HttpStatusCode.Forbidden && !S3Keys.Exists(s3, _bucket, _key)))
        {
            throw new ReplayException($"cannot read '{uri}': no such object.", e);
        }

        _etag = head.ETag;
        Length = head.ContentLength;
        byte[] magic = Length >= 2 ? Range(0, 1) : [];
        _gzip = magic is [0x1f, 0x8b];
        if (_gzip && Length >= 8)
        {
            _trailer = Range(Length - 8, Length - 1);
        }
    }

    /// <summary>The object's URI.</summary>
    public string Name { get; }

    /// <summary>Its size in bytes, for progress.</summary>
    public long Length { get; }

    /// <summary>Its name and version (ETag), for the run journal.</summary>
    public (string Name, string Version) Identity => (Name, _etag);

    /// <summary>Finds the object.</summary>
    /// <exception cref="ReplayException">No such object: one line.</exception>
    public static S3InputObject Find(IAmazonS3 s3, string uri) => new(s3, uri);

    /// <summary>
    /// The object's content, decompressed when it is GZIP; one cut short throws <see cref="InvalidDataException"/> at its
    /// end, which a replay reaches before it writes anything.
    /// </summary>
    public Stream Open()
    {
        var body = new S3ObjectStream(Get(null));
        return _gzip ? new CheckedGzipStream(body, Length, _trailer, Name) : body;
    }

    private byte[] Range(long first, long last)
    {
        using GetObjectResponse response = Get(new ByteRange(first, last));
        using var bytes = new MemoryStream();
        response.ResponseStream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private GetObjectResponse Get(ByteRange? range)
    {
        try
        {
            return _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = _key, EtagToMatch = _etag, ByteRange = range }).GetAwaiter().GetResult();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new ReplayException($"'{Name}' changed while this run read it; rerun to replay the new version.", e);
        }
    }
}
