using Amazon.S3.Model;

namespace PipesLake.Replay.Storage;

/// <summary>An object's body, read as it arrives, that releases its response when disposed.</summary>
internal sealed class S3ObjectStream(GetObjectResponse response) : ReadOnlyStream
{
    public override long Length => response.ContentLength;

    public override int Read(Span<byte> buffer) => response.ResponseStream.Read(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
