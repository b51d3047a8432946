namespace PipesLake.Replay.Storage;

/// <summary>
/// Where a command writes lake objects: a folder (<see cref="LakeFolder"/>) or a bucket (<see cref="S3Lake"/>),
/// with the same guarantees. An object is there complete or not at all; one already there counts only when its
/// content is what would be written; anything else under its name is a damaged copy and is replaced.
/// </summary>
internal interface IObjectStore
{
    /// <summary>
    /// Puts one object under <paramref name="key"/> (<c>/</c>-separated, without <c>.gz</c>). It counts as there
    /// already when the same content stands under the key, with or without <c>.gz</c>, or under any name of its
    /// folder ending in <paramref name="identity"/> (the part of a name that is the content's hash).
    /// </summary>
    /// <param name="key">The object's key.</param>
    /// <param name="content">Its bytes: a seekable stream, read from its start as often as needed (an object's bytes in
    /// memory, or a file for an object too large to hold); the caller disposes it.</param>
    /// <param name="gzip">Compress it and add <c>.gz</c>.</param>
    /// <param name="identity">The part of its names that is the content's hash, or null.</param>
    /// <remarks>Thread-safe for different keys.</remarks>
    /// <returns>What happened, and the bytes this call stored.</returns>
    (LakeWrite Outcome, long Bytes) Put(string key, Stream content, bool gzip, string? identity = null);

    /// <summary>
    /// This run's own temporary folder (sorted runs, objects too large to hold): under the lake's <c>.pipeslake/tmp/</c>
    /// for a folder, the machine's temporary folder for a bucket; removed when the run ends, or by the next run if it dies.
    /// </summary>
    string TempFolder { get; }

    /// <summary>How many objects are best written at once: a folder's disk is busy with a few, a bucket's requests wait on the network.</summary>
    int Writers { get; }

    /// <summary>
    /// Makes every object put so far durable: a run calls it before it reports them written (or lists an error
    /// object as handled). Until then a power cut may lose an object that was complete under its name; a rerun
    /// finds such an object damaged and writes it again.
    /// </summary>
    void Flush();

    /// <summary>A file of the tools' own state under <c>.pipeslake/</c> (a run journal), or null.</summary>
    byte[]? ReadState(string key);

    /// <summary>Writes a state file whole, replacing what was there.</summary>
    void PutState(string key, byte[] content);

    /// <summary>The keys of the state files under <paramref name="prefix"/> (e.g. <c>.pipeslake/redrive/</c>), in key order.</summary>
    IEnumerable<string> StateKeys(string prefix);

    /// <summary>
    /// Takes the lease of one job (<see cref="RunLease.Key"/>) until disposed: a second run of the job, on this
    /// machine or another, is refused while this one lives.
    /// </summary>
    /// <exception cref="ReplayException">Another live run holds it: one line.</exception>
    IDisposable Hold(string key);
}
