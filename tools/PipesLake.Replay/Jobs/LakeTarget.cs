using Amazon.S3;

namespace PipesLake.Replay.Jobs;

/// <summary>
/// The lake a job writes, opened once: a folder (<see cref="LakeFolder"/>) or a bucket (<see cref="S3Lake"/>), and the
/// S3 client when the lake or the job's input is in S3. Disposed when the job has ended.
/// </summary>
internal sealed class LakeTarget : IDisposable
{
    private readonly LakeFolder? _folder;
    private readonly S3Lake? _bucket;

    private LakeTarget(LakeArguments lake, IAmazonS3? client)
    {
        Lake = lake;
        Client = client;
        _folder = lake.Folder is { } folder ? new LakeFolder(folder) : null;
        _bucket = lake.Bucket is { } bucket ? new S3Lake(client!, bucket, lake.KmsKeyId) : null;
    }

    /// <summary>What the options gave.</summary>
    public LakeArguments Lake { get; }

    /// <summary>Where objects, state, leases and temporary files go.</summary>
    public IObjectStore Store => _folder ?? (IObjectStore)_bucket!;

    /// <summary>The lake bucket, or null for a folder.</summary>
    public S3Lake? Bucket => _bucket;

    /// <summary>The S3 client, or null when nothing is in S3.</summary>
    public IAmazonS3? Client { get; }

    /// <summary>Opens the lake; with <paramref name="inputInS3"/> the client is made for the input even when the lake is a folder.</summary>
    public static LakeTarget Open(LakeArguments lake, bool inputInS3)
    {
        ArgumentNullException.ThrowIfNull(lake);
        IAmazonS3? client = lake.Bucket is not null || inputInS3 ? lake.Connect() : null;
        try
        {
            return new LakeTarget(lake, client);
        }
        catch
        {
            client?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _folder?.Dispose();
        _bucket?.Dispose();
        Client?.Dispose();
    }
}
