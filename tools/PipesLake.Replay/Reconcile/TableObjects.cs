using PipesLake.Blueprint;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// The objects of one table's part of the lake (<c>data/&lt;table&gt;/</c>), read where they are: a folder's files, or a
/// bucket's objects, listed page by page and read one at a time. Each opens decompressed when it is GZIP.
/// </summary>
internal sealed class TableObjects
{
    private readonly string? _folder;
    private readonly S3Lake? _bucket;
    private readonly string _prefix;

    public TableObjects(LakeTarget lake, string table)
    {
        ArgumentNullException.ThrowIfNull(lake);
        _prefix = $"{LakePrefixes.DataRoot}{table}/";
        _bucket = lake.Bucket;
        _folder = _bucket is null ? Path.Combine(lake.Lake.Folder!, _prefix.Replace('/', Path.DirectorySeparatorChar)) : null;
    }

    /// <summary>Every object's name (its key below the lake's root), in key order.</summary>
    public IEnumerable<string> List()
    {
        if (_bucket is not null)
        {
            return _bucket.List(_bucket.Root.Prefix + _prefix).Select(o => o.Key[_bucket.Root.Prefix.Length..]);
        }

        return Directory.Exists(_folder)
            ? Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories)
                .Select(path => _prefix + Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>An object's lines' bytes, decompressed when GZIP (a damaged GZIP object throws <see cref="InvalidDataException"/> where it breaks).</summary>
    /// <exception cref="InvalidDataException">It was removed after it was listed.</exception>
    public Stream Open(string name)
    {
        if (_bucket is not null)
        {
            (byte[] bytes, _) = _bucket.Read(_bucket.Root.Prefix + name) ?? throw new InvalidDataException($"{name} was removed after it was listed");
            return LakeFolder.OpenRead(new MemoryStream(bytes, writable: false));
        }

        string path = Path.Combine(_folder!, name[_prefix.Length..].Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(path) ? LakeFolder.OpenRead(path) : throw new InvalidDataException($"{name} was removed after it was listed");
    }
}
