using System.Buffers;
using System.IO.Compression;

namespace PipesLake.Replay.Storage;

/// <summary>
/// A lake folder's write side, shared by every command. An object appears under its final name only when it
/// is complete: it is written under <c>.pipeslake/tmp/</c>, flushed to disk and renamed. A name is never
/// trusted alone: an object already there counts only when its content is, byte for byte, what this run
/// would write (plain or GZIP, with or without <c>.gz</c>); anything else under the name is a damaged copy and
/// is replaced. Every command names its objects after their content, so a name never belongs to two contents.
/// </summary>
internal sealed class LakeFolder : IObjectStore, IDisposable
{
    /// <summary>The lake's own state, beside <c>data/</c> and <c>errors/</c>: no table reads it.</summary>
    public const string StateFolder = ".pipeslake";

    private readonly string _root;
    private readonly bool _rootIsNew;
    private readonly RunTempFolder _temp;
    private long _next;

    /// <inheritdoc/>
    public int Writers => 2;

    /// <summary>One <c>syncfs</c> of the lake's file system (objects were not flushed one by one), where there is one.</summary>
    public void Flush()
    {
        if (FileSystemSync.IsSupported)
        {
            FileSystemSync.Flush(_temp.Handle);
        }
    }

    /// <summary>This run's own folder under <c>.pipeslake/tmp/</c>: removed when the run ends, or by a later run if it dies.</summary>
    public string TempFolder => _temp.Path;

    public LakeFolder(string root)
    {
        _root = root;
        _rootIsNew = !Directory.Exists(root);
        _temp = new RunTempFolder(Path.Combine(root, StateFolder, "tmp"));
    }

    /// <summary>
    /// Puts one object under <paramref name="key"/> (a path under the lake root, <c>/</c>-separated, without
    /// <c>.gz</c>). Thread-safe for different keys. An object already there counts when its content is the same
    /// under the key, with or without <c>.gz</c>, or under any name of its folder ending in
    /// <paramref name="identity"/> (the part of a name that is the content's hash, whatever else the name holds).
    /// </summary>
    /// <returns>What happened, and the object's size on disk.</returns>
    public (LakeWrite Outcome, long Bytes) Put(string key, Stream content, bool gzip, string? identity = null)
    {
        string plain = Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
        string target = gzip ? plain + ".gz" : plain;
        string folder = Path.GetDirectoryName(target)!;
        var damaged = new List<string>();
        // A partition's first object: its folder is new, so nothing can stand under the name (one stat, not two).
        bool newFolder = !Directory.Exists(folder);
        foreach (string candidate in newFolder ? [] : Candidates(plain, folder, identity))
        {
            switch (StateOf(candidate, content))
            {
                case ObjectState.Same:
                    return (LakeWrite.AlreadyThere, 0);
                case ObjectState.Different:
                    damaged.Add(candidate);
                    break;
            }
        }

        string temp = Path.Combine(_temp.Path, $"{Interlocked.Increment(ref _next)}.tmp");
        long bytes;
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            content.Position = 0;
            if (gzip)
            {
                using var compressed = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                content.CopyTo(compressed);
            }
            else
            {
                content.CopyTo(file);
            }

            // Where the whole file system can be flushed at once (Flush), that is done at the end of the run.
            file.Flush(flushToDisk: !FileSystemSync.IsSupported);
            bytes = file.Length;
        }

        if (newFolder)
        {
            Directory.CreateDirectory(folder);
        }

        File.Move(temp, target, overwrite: true);
        foreach (string copy in damaged.Where(d => d != target))
        {
            // A damaged copy of this very object under another of its names.
            File.Delete(copy);
        }

        return (damaged.Count == 0 ? LakeWrite.Written : LakeWrite.Repaired, bytes);
    }

    /// <summary>
    /// Writes a small file of the lake's state (a journal, a list) atomically: complete or not there at all. Its
    /// temporary file sits beside it, named <c>*.tmp</c>.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        using var file = new AtomicFile(path);
        file.Write(content);
        file.Commit();
    }

    public byte[]? ReadState(string key)
    {
        string path = Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void PutState(string key, byte[] content) => WriteAtomically(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)), content);

    /// <summary>The state files under a folder of the lake's state; a file being written (<c>*.tmp</c>) is not one yet.</summary>
    public IEnumerable<string> StateKeys(string prefix)
    {
        string folder = Path.Combine(_root, prefix.Replace('/', Path.DirectorySeparatorChar));
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>
    /// A lock file the operating system holds for this process (<see cref="FileShare.None"/> takes an advisory lock),
    /// so the lease ends with the process however it ends, and a rerun after a crash never waits.
    /// </summary>
    public IDisposable Hold(string key)
    {
        string path = Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new ReplayException(RunLease.Refusal(path, "a process on this machine"), e);
        }
    }

    /// <summary>
    /// Opens an object for reading, plain or GZIP whatever its name says (Firehose names both the same way). A GZIP
    /// object that is cut short throws <see cref="InvalidDataException"/> at its end.
    /// </summary>
    public static Stream OpenRead(string path) => OpenRead(File.OpenRead(path));

    /// <summary>A seekable stream of an object's bytes, decompressed when they are GZIP; see <see cref="OpenRead(string)"/>.</summary>
    public static Stream OpenRead(Stream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new CheckedGzipStream(stream) : stream;
    }

    public void Dispose()
    {
        _temp.Dispose();
        if (_rootIsNew)
        {
            // A run that made the lake and wrote nothing (bad input, a refused job) leaves no folder behind.
            RemoveIfEmpty(Path.Combine(_root, StateFolder, "tmp"), Path.Combine(_root, StateFolder), _root);
        }
    }

    private static void RemoveIfEmpty(params string[] folders)
    {
        foreach (string folder in folders)
        {
            try
            {
                if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    return;
                }

                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    /// <summary>The names the object may already stand under.</summary>
    private static IEnumerable<string> Candidates(string plain, string folder, string? identity)
    {
        if (identity is null || !Directory.Exists(folder))
        {
            return [plain, plain + ".gz"];
        }

        return Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(identity, StringComparison.Ordinal) || f.EndsWith(identity + ".gz", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static ObjectState StateOf(string path, Stream content) =>
        !File.Exists(path) ? ObjectState.Missing
        : SameContent(File.OpenRead(path), content) ? ObjectState.Same
        : ObjectState.Different;

    /// <summary>
    /// Whether a stored object's bytes are <paramref name="content"/>'s (read from its start), decompressed when GZIP;
    /// a truncated or altered GZIP object holds nothing. Compared as they are read; disposes <paramref name="stored"/>.
    /// </summary>
    public static bool SameContent(Stream stored, Stream content)
    {
        const int Piece = 1 << 16;
        byte[] theirs = ArrayPool<byte>.Shared.Rent(Piece);
        byte[] ours = ArrayPool<byte>.Shared.Rent(Piece);
        try
        {
            using Stream stream = OpenRead(stored);
            content.Position = 0;
            while (true)
            {
                int read = stream.ReadAtLeast(theirs.AsSpan(0, Piece), Piece, throwOnEndOfStream: false);
                if (read == 0)
                {
                    return content.ReadAtLeast(ours.AsSpan(0, 1), 1, throwOnEndOfStream: false) == 0;
                }

                if (content.ReadAtLeast(ours.AsSpan(0, read), read, throwOnEndOfStream: false) != read || !theirs.AsSpan(0, read).SequenceEqual(ours.AsSpan(0, read)))
                {
                    return false;
                }
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(theirs);
            ArrayPool<byte>.Shared.Return(ours);
        }
    }

    private enum ObjectState
    {
        Missing,
        Same,
        Different,
    }
}
