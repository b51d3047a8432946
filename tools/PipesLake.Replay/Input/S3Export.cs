using Amazon.S3;
using Amazon.S3.Model;
using S3Location = PipesLake.Replay.Storage.S3Location;

namespace PipesLake.Replay.Input;

/// <summary>
/// An export where DynamoDB wrote it, <c>s3://bucket/prefix/AWSDynamoDB/&lt;export id&gt;/</c>: the manifests there, the
/// data files at their <c>dataFileS3Key</c> in the same bucket, streamed, never copied to disk.
/// </summary>
internal sealed class S3Export(IAmazonS3 s3, S3Location at) : IExportSource
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

    private Stream? Open(string key)
    {
        try
        {
            GetObjectResponse response = s3.GetObjectAsync(at.Bucket, key).GetAwaiter().GetResult();
            return new S3ObjectStream(response);
        }
        catch (AmazonS3Exception e) when (S3Keys.IsMissing(e, s3, at.Bucket, key))
        {
            return null;
        }
    }
}
