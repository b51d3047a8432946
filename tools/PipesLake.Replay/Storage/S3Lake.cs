using System.IO.Compression;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Storage;

/// <summary>
/// A lake in a bucket, with <see cref="LakeFolder"/>'s guarantees. A PUT is whole or not there at all, so an
/// object appears only complete. A write is conditional: <c>If-None-Match: *</c> for a new object, <c>If-Match</c>
/// with the ETag of the damaged copy it replaces (S3 User Guide, "Add preconditions to S3 operations with
/// conditional requests"), so two operators or a rerun never overwrite an object they did not read. Objects are
/// encrypted with <c>--kms-key-id</c> (SSE-KMS with the Bucket Key, as Firehose writes them), else by the bucket's
/// default encryption, which the stack sets to the same.
/// </summary>
internal sealed class S3Lake(IAmazonS3 s3, S3Location root, string? kmsKeyId) : IObjectStore, IDisposable
{
    private RunTempFolder? _temp;

    // Error objects this run wrote, so a redrive listing errors/ as it writes there does not take them for input.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _errorsWritten = new(StringComparer.Ordinal);
    private S3Lease? _lease;

    /// <summary>In <c>pipeslake-runs/</c> of the machine's temporary folder, made when a run first needs it.</summary>
    public string TempFolder => (_temp ??= new RunTempFolder(Path.Combine(Path.GetTempPath(), "pipeslake-runs"))).Path;

    public void Dispose() => _temp?.Dispose();

    /// <summary>Eight requests at once: S3 answers each PUT in tens of milliseconds, most of it waiting.</summary>
    public int Writers => 8;

    /// <summary>Where the lake starts.</summary>
    public S3Location Root => root;

    public (LakeWrite Outcome, long Bytes) Put(string key, Stream content, bool gzip, string? identity = null)
    {
        string plain = root.Prefix + key;
        string target = gzip ? plain + ".gz" : plain;
        var damaged = new List<(string Key, string ETag)>();
        foreach (string candidate in Candidates(plain, identity))
        {
            if (Read(candidate) is not { } existing)
            {
                continue;
            }

            if (Same(existing.Bytes, content))
            {
                return (LakeWrite.AlreadyThere, 0);
            }

            damaged.Add((candidate, existing.ETag));
        }

        // Compressed in memory: GZIP shrinks lake lines several times over.
        using Stream? compressed = gzip ? Compress(content) : null;
        Stream body = compressed ?? content;
        long length = body.Length;
        string? replaces = damaged.FirstOrDefault(d => d.Key == target).ETag;
        try
        {
            Write(target, body, replaces);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            // Someone wrote the name between our read and our write: it counts only if it is this content.
            return Read(target) is { } now && Same(now.Bytes, content)
                ? (LakeWrite.AlreadyThere, 0)
                : throw new ReplayException($"s3://{root.Bucket}/{target} changed while this run wrote it; rerun to check it again.", e);
        }

        foreach ((string copy, _) in damaged.Where(d => d.Key != target))
        {
            s3.DeleteObjectAsync(root.Bucket, copy).GetAwaiter().GetResult();
        }

        return (damaged.Count == 0 ? LakeWrite.Written : LakeWrite.Repaired, length);
    }

    /// <summary>Nothing to do: S3 has stored an object durably when it acknowledges its PUT.</summary>
    public void Flush()
    {
    }

    public byte[]? ReadState(string key) => Exists(root.Prefix + key) ? Read(root.Prefix + key)?.Bytes : null;

    // The journal is the tools' own: rewritten whole by the run that owns it, never lake data.
    public void PutState(string key, byte[] content) => Write(root.Prefix + key, content, replaces: null, conditional: false);

    /// <inheritdoc/>
    public IEnumerable<string> StateKeys(string prefix) => List(root.Prefix + prefix).Select(o => o.Key[root.Prefix.Length..]);

    /// <summary>
    /// Takes the job's lease in the bucket (<see cref="S3Lease"/>); every later write first checks it is still held. One
    /// at a time: a run that ends its lease (to read its input again) may take it again.
    /// </summary>
    public IDisposable Hold(string key)
    {
        if (_lease is { Ended: false })
        {
            throw new InvalidOperationException("A lake store holds one lease at a time.");
        }

        _lease = S3Lease.Take(this, root.Prefix + key);
        return _lease;
    }

    /// <summary>
    /// Writes a state object of the tools (a lease) conditionally: new (<paramref name="replaces"/> null) or over the
    /// ETag it was read with. Returns the new ETag.
    /// </summary>
    public string WriteState(string key, byte[] content, string? replaces) => Put(key, content, replaces, conditional: true);

    /// <summary>Deletes a state object if it still has <paramref name="etag"/>.</summary>
    public void DeleteState(string key, string etag) =>
        s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = root.Bucket, Key = key, IfMatch = etag }).GetAwaiter().GetResult();

    /// <summary>Whether this run wrote <paramref name="key"/> (a key in the bucket) under the lake's <c>errors/</c>.</summary>
    public bool WroteThisRun(string key) => _errorsWritten.ContainsKey(key);

    /// <summary>The objects under <paramref name="prefix"/> (a key prefix in the bucket), page by page, in key order.</summary>
    public IEnumerable<(string Key, long Size)> List(string prefix)
    {
        var request = new ListObjectsV2Request { BucketName = root.Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = s3.ListObjectsV2Async(request).GetAwaiter().GetResult();
            foreach (S3Object item in page.S3Objects ?? [])
            {
                yield return (item.Key, item.Size ?? 0);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    /// <summary>The names of the folders directly under <paramref name="prefix"/> (a key prefix in the bucket ending in '/').</summary>
    public IEnumerable<string> Folders(string prefix)
    {
        var request = new ListObjectsV2Request { BucketName = root.Bucket, Prefix = prefix, Delimiter = "/" };
        ListObjectsV2Response page;
        do
        {
            page = s3.ListObjectsV2Async(request).GetAwaiter().GetResult();
            foreach (string folder in page.CommonPrefixes ?? [])
            {
                yield return folder[prefix.Length..].TrimEnd('/');
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    /// <summary>Whether an object is there: <see cref="S3Keys.Exists"/>.</summary>
    public bool Exists(string key) => S3Keys.Exists(s3, root.Bucket, key);

    /// <summary>An object's bytes and ETag, or null when there is none (or it went between a listing and this read).</summary>
    public (byte[] Bytes, string ETag)? Read(string key)
    {
        try
        {
            using GetObjectResponse response = s3.GetObjectAsync(root.Bucket, key).GetAwaiter().GetResult();
            using var bytes = new MemoryStream();
            response.ResponseStream.CopyTo(bytes);
            return (bytes.ToArray(), response.ETag);
        }
        catch (AmazonS3Exception e) when (S3Keys.IsMissing(e, s3, root.Bucket, key))
        {
            return null;
        }
    }

    /// <summary>
    /// Moves an object that was read as <paramref name="bytes"/> with <paramref name="etag"/>: a conditional copy
    /// of those bytes under <paramref name="to"/>, then the delete. Cut short between the two, a rerun finds the
    /// copy and finishes the move.
    /// </summary>
    public void Move(string from, byte[] bytes, string etag, string to)
    {
        try
        {
            Write(to, bytes, replaces: null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            if (Read(to) is not { } there || !there.Bytes.AsSpan().SequenceEqual(bytes))
            {
                throw new ReplayException($"cannot move s3://{root.Bucket}/{from}: s3://{root.Bucket}/{to} holds other bytes.", e);
            }
        }

        s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = root.Bucket, Key = from, IfMatch = etag }).GetAwaiter().GetResult();
    }

    private void Write(string key, byte[] body, string? replaces, bool conditional = true)
    {
        using var stream = new MemoryStream(body, writable: false);
        Write(key, stream, replaces, conditional);
    }

    private void Write(string key, Stream body, string? replaces, bool conditional = true)
    {
        if (_lease is { Ended: false } lease)
        {
            lease.ThrowIfLost();
        }

        Put(key, body, replaces, conditional);
        if (key.StartsWith(root.Prefix + LakePrefixes.ErrorRoot, StringComparison.Ordinal))
        {
            _errorsWritten[key] = true;
        }
    }

    private string Put(string key, byte[] body, string? replaces, bool conditional)
    {
        using var stream = new MemoryStream(body, writable: false);
        return Put(key, stream, replaces, conditional);
    }

    private string Put(string key, Stream body, string? replaces, bool conditional)
    {
        body.Position = 0;
        var request = new PutObjectRequest
        {
            BucketName = root.Bucket,
            Key = key,
            InputStream = body,
            // The caller's: an object's content may be read again after its PUT (a conflict is checked against it).
            AutoCloseStream = false,
            // One signed request: S3-compatible servers keep an aws-chunked body's framing as data.
            UseChunkEncoding = false,
        };
        if (conditional && replaces is null)
        {
            request.IfNoneMatch = "*";
        }
        else if (conditional)
        {
            request.IfMatch = replaces;
        }

        if (kmsKeyId is not null)
        {
            request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
            request.ServerSideEncryptionKeyManagementServiceKeyId = kmsKeyId;
            request.BucketKeyEnabled = true;
        }

        return s3.PutObjectAsync(request).GetAwaiter().GetResult().ETag;
    }

    /// <summary>The names the object may already stand under, from one listing: no GET of a key that is not there.</summary>
    private IEnumerable<string> Candidates(string plain, string? identity)
    {
        if (identity is null)
        {
            return List(plain).Select(o => o.Key).Where(k => k == plain || k == plain + ".gz");
        }

        string folder = plain[..(plain.LastIndexOf('/') + 1)];
        return List(folder)
            .Select(o => o.Key)
            .Where(k => !k[folder.Length..].Contains('/', StringComparison.Ordinal) && (k.EndsWith(identity, StringComparison.Ordinal) || k.EndsWith(identity + ".gz", StringComparison.Ordinal)));
    }

    private static bool Same(byte[] stored, Stream content) => LakeFolder.SameContent(new MemoryStream(stored, writable: false), content);

    private static MemoryStream Compress(Stream content)
    {
        var compressed = new MemoryStream();
        content.Position = 0;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            content.CopyTo(gzip);
        }

        return compressed;
    }
}
