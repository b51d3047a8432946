using System.Net;
using System.Text.Json;
using Amazon.S3;

namespace PipesLake.Replay.RunState;

/// <summary>
/// A job's lease in the lake bucket, as Terraform's S3 backend locks its state: an object created with
/// <c>If-None-Match: *</c>, so of two runs that start together one gets it. The holder renews it every
/// <see cref="Renewal"/> with <c>If-Match</c> on its ETag; a lease not renewed for <see cref="Expiry"/> (or left by
/// a process of this machine that has ended) is taken over with <c>If-Match</c> on the dead holder's ETag. A run
/// whose renewal finds another holder has lost the lease and stops before its next write.
/// </summary>
internal sealed class S3Lease : IDisposable
{
    /// <summary>How often the holder says it is alive.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);

    /// <summary>How long a lease that is not renewed stands.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    private readonly S3Lake _lake;
    private readonly string _key;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private LeaseHolder _holder;
    private string _etag;
    private DateTimeOffset _confirmed;
    private bool _released;

    private S3Lease(S3Lake lake, string key, LeaseHolder holder, string etag)
    {
        _lake = lake;
        _key = key;
        _holder = holder;
        _etag = etag;
        _confirmed = holder.Renewed;
        _timer = new Timer(_ => Renew(), null, Renewal, Renewal);
    }

    /// <summary>Where the lease is, as s3://bucket/key.</summary>
    public string Where => $"s3://{_lake.Root.Bucket}/{_key}";

    /// <summary>Whether the run has ended the lease (<see cref="Dispose"/>).</summary>
    public bool Ended
    {
        get
        {
            lock (_gate)
            {
                return _released;
            }
        }
    }

    /// <summary>Why this run may no longer write, or null while it holds the lease.</summary>
    public string? Lost { get; private set; }

    /// <summary>Takes the lease at <paramref name="key"/> (a key in the bucket).</summary>
    /// <exception cref="ReplayException">A live run holds it: one line naming that run.</exception>
    public static S3Lease Take(S3Lake lake, string key)
    {
        LeaseHolder me = LeaseHolder.Me(DateTimeOffset.UtcNow);
        string where = $"s3://{lake.Root.Bucket}/{key}";
        // Read first: a server without conditional writes would otherwise let a second run overwrite a live lease.
        string? replaces = null;
        if (lake.Read(key) is { } held)
        {
            LeaseHolder holder = Parse(held.Bytes, where);
            if (!holder.IsGone(DateTimeOffset.UtcNow, Expiry))
            {
                throw new ReplayException(RunLease.Refusal(where, holder.ToString()));
            }

            replaces = held.ETag;
        }

        try
        {
            return new S3Lease(lake, key, me, lake.WriteState(key, Serialize(me), replaces));
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            string holder = lake.Read(key) is { } now ? Parse(now.Bytes, where).ToString() : "a run that has just ended";
            throw new ReplayException(RunLease.Refusal(where, holder), e);
        }
    }

    /// <summary>Throws when the lease was lost: called before every write.</summary>
    public void ThrowIfLost()
    {
        lock (_gate)
        {
            if (Lost is null && DateTimeOffset.UtcNow - _confirmed > Expiry)
            {
                // Renewals failed for as long as another run would wait: it may hold the job by now.
                Lost = $"could not renew the lease {Where} for {Expiry.TotalMinutes:0} minutes";
            }

            if (Lost is { } why)
            {
                throw new ReplayException($"this run stopped before its next write: {why}; rerun once no other run of it is writing.");
            }
        }
    }

    /// <summary>Ends the lease: deleted only if it is still this run's.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            if (Lost is not null)
            {
                return;
            }

            try
            {
                _lake.DeleteState(_key, _etag);
            }
            catch (Exception e) when (e is AmazonS3Exception or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException or TaskCanceledException)
            {
                // Left to expire (or to a rerun on this machine, which sees the process has ended): a later run takes it
                // over. Ending a lease never hides why the run failed.
            }
        }
    }

    private void Renew()
    {
        lock (_gate)
        {
            if (_released || Lost is not null)
            {
                return;
            }

            LeaseHolder renewed = _holder with { Renewed = DateTimeOffset.UtcNow };
            try
            {
                _etag = _lake.WriteState(_key, Serialize(renewed), _etag);
                _holder = renewed;
                _confirmed = renewed.Renewed;
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                Lost = $"another run took over the lease {Where}";
            }
            catch (ObjectDisposedException)
            {
                // The lake's connection closed before the lease ended (a run torn down on a failure): nothing can renew
                // it now, and an exception on the timer's thread would end the process. The lease expires.
                Lost = $"the connection to the lake closed before the lease {Where} ended";
            }
            catch (Exception e) when (e is AmazonS3Exception or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException or TaskCanceledException)
            {
                // Tried again at the next renewal; ThrowIfLost stops the run if none succeeds for Expiry.
            }
        }
    }

    private static byte[] Serialize(LeaseHolder holder) => JsonSerializer.SerializeToUtf8Bytes(holder, JournalJson.Default.LeaseHolder);

    private static LeaseHolder Parse(byte[] bytes, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, JournalJson.Default.LeaseHolder)
                ?? throw new ReplayException($"the lease {where} is empty; remove it if no run of this command is writing the lake.");
        }
        catch (JsonException e)
        {
            throw new ReplayException($"the lease {where} is damaged ({e.Message}); remove it if no run of this command is writing the lake.", e);
        }
    }
}
