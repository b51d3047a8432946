using System.Collections;

namespace PipesLake.Replay.Input;

/// <summary>
/// The error objects of a folder, in path order: listed once (their paths and sizes, nothing more per object: an
/// incident leaves a hundred thousand of them), each made when it is taken.
/// </summary>
internal sealed class FolderErrors : IEnumerable<ErrorObject>
{
    private readonly string _folder;
    private readonly string _lakeErrors;
    private readonly string _lakeRoot;
    private readonly string? _table;
    private readonly string[] _relative;
    private readonly long[] _lengths;

    /// <param name="folder">The folder.</param>
    /// <param name="lakeRoot">The lake written: an object under its own <c>errors/</c> stays where it is.</param>
    /// <param name="table">The table of a folder of one table's errors, or null.</param>
    public FolderErrors(DirectoryInfo folder, string lakeRoot, string? table)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _folder = folder.FullName;
        _lakeRoot = lakeRoot;
        _lakeErrors = Path.Combine(lakeRoot, "errors") + Path.DirectorySeparatorChar;
        _table = table;
        string state = $"{Path.DirectorySeparatorChar}{LakeFolder.StateFolder}{Path.DirectorySeparatorChar}";
        var found = new List<(string Relative, long Length)>();
        foreach (FileInfo file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (!file.FullName.Contains(state, StringComparison.Ordinal))
            {
                found.Add((Path.GetRelativePath(_folder, file.FullName).Replace(Path.DirectorySeparatorChar, '/'), file.Length));
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        _relative = [.. found.Select(f => f.Relative)];
        _lengths = [.. found.Select(f => f.Length)];
    }

    /// <summary>How many objects there are.</summary>
    public int Count => _relative.Length;

    /// <summary>Their bytes, for progress.</summary>
    public long TotalBytes => _lengths.Sum();

    public IEnumerator<ErrorObject> GetEnumerator()
    {
        for (int i = 0; i < _relative.Length; i++)
        {
            string relative = _relative[i];
            string path = Path.Combine(_folder, relative.Replace('/', Path.DirectorySeparatorChar));
            bool inThisLake = path.StartsWith(_lakeErrors, StringComparison.Ordinal);
            string sourceKey = inThisLake ? Path.GetRelativePath(_lakeRoot, path).Replace(Path.DirectorySeparatorChar, '/')
                : _table is null ? $"errors/{relative}" : $"errors/{_table}/{relative}";
            yield return new ErrorObject(relative, sourceKey, inThisLake, _lengths[i], () => LakeFolder.OpenRead(path));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
