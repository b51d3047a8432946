using PipesLake.Blueprint;

namespace PipesLake.Replay.Input;

/// <summary>
/// The error objects under an <c>s3://…/errors/…</c> prefix of the lake, listed page by page while the run goes,
/// and moved to <c>errors-handled/</c> once handled: the manual runbook's download, move and upload in one run.
/// The bytes of the object being redriven are kept until it is moved, so the move copies exactly what was read
/// and deletes only the version that was read (its ETag).
/// </summary>
internal sealed class S3ErrorObjects(S3Lake lake, S3Location errors)
{
    // The bytes and ETag of each object being redriven, by key, until it is done.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (byte[] Bytes, string ETag)> _read = new(StringComparer.Ordinal);
    private int _moved;

    /// <summary>Objects moved to <c>errors-handled/</c> by this run.</summary>
    public int Moved => Volatile.Read(ref _moved);

    /// <summary>The objects, skipping what this run itself writes under <c>errors/</c> while it lists.</summary>
    public IEnumerable<ErrorObject> List()
    {
        foreach ((string key, long size) in lake.List(errors.Prefix))
        {
            if (lake.WroteThisRun(key))
            {
                continue;
            }

            string sourceKey = key[lake.Root.Prefix.Length..];
            yield return new ErrorObject(key[errors.Prefix.Length..], sourceKey, StaysInLake: false, size, () => Open(key));
        }
    }

    /// <summary>An object is done: a handled one moves from <c>errors/…</c> to <c>errors-handled/…</c>, another stays. Thread-safe.</summary>
    public void Done(ErrorObject item, bool handled)
    {
        string key = lake.Root.Prefix + item.SourceKey;
        if (!_read.TryRemove(key, out (byte[] Bytes, string ETag) read) || !handled)
        {
            return;
        }

        string to = lake.Root.Prefix + LakePrefixes.HandledErrorRoot + item.SourceKey[LakePrefixes.ErrorRoot.Length..];
        lake.Move(key, read.Bytes, read.ETag, to);
        Interlocked.Increment(ref _moved);
    }

    private Stream Open(string key)
    {
        // Gone between the listing and this read: another run moved it, with its records.
        (byte[] Bytes, string ETag) read = lake.Read(key) ?? throw new InvalidDataException($"s3://{lake.Root.Bucket}/{key} was moved by another run after it was listed");
        _read[key] = read;
        return LakeFolder.OpenRead(new MemoryStream(read.Bytes, writable: false));
    }
}
