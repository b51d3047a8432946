using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace PipesLake.Replay.Input;

/// <summary>
/// An export where DynamoDB wrote it, <c>s3://bucket/prefix/AWSDynamoDB/&lt;export id&gt;/</c>: the manifests there, the
/// data files at their <c>dataFileS3Key</c> in the same bucket, streamed, never copied to disk.
/// </summary>
internal sealed class S3Export(IAmazonS3 s3, Lake.S3Location at) : IExportSource
{
    public string Name => at.ToString();

    public string DataPlace => $"{at}data/";

    public byte[]? ReadManifest(string name)
    {
        using Stream? stream = Open(at.Prefix + name);
        if (stream is null)
        {
            return null;
        }

        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    public Stream? OpenData(string dataFileS3Key) => Open(dataFileS3Key);

    public (string Name, string Version) Identity()
    {
        GetObjectMetadataResponse summary = s3.GetObjectMetadataAsync(at.Bucket, at.Prefix + "manifest-summary.json").GetAwaiter().GetResult();
        return ($"{at}manifest-summary.json", summary.ETag);
    }

    private bool Exists(string key) =>
        s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = at.Bucket, Prefix = key, MaxKeys = 2 }).GetAwaiter().GetResult()
            .S3Objects?.Any(o => o.Key == key) == true;

    private Stream? Open(string key)
    {
        try
        {
            GetObjectResponse response = s3.GetObjectAsync(at.Bucket, key).GetAwaiter().GetResult();
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when ((e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode == "NoSuchKey") || (e.StatusCode == HttpStatusCode.Forbidden && !Exists(key)))
        {
            // 403 for a missing key without s3:ListBucket on the whole bucket: see S3Lake.Exists.
            return null;
        }
    }

    /// <summary>An object's body that releases its response when disposed.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => response.ResponseStream.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => response.ResponseStream.Read(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
