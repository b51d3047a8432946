using System.Collections;
using System.IO.Enumeration;

namespace PipesLake.Replay.Input;

/// <summary>
/// The error objects of a folder, in path order, walked as they are taken: an incident leaves a hundred thousand of
/// them, so nothing per object is held between walks (a list of their names grew with the incident). A walk sorts one
/// folder's entries at a time, a folder as its name and a slash, which is the ordinal order of the whole paths. The
/// first walk, here, counts them and their bytes for progress and hands each to a check (its table, known before
/// anything is written).
/// </summary>
internal sealed class FolderErrors : IEnumerable<ErrorObject>
{
    private static readonly EnumerationOptions s_everyEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly string _folder;
    private readonly string _lakeErrors;
    private readonly string _lakeRoot;
    private readonly string? _table;

    /// <param name="folder">The folder.</param>
    /// <param name="lakeRoot">The lake written: an object under its own <c>errors/</c> stays where it is.</param>
    /// <param name="table">The table of a folder of one table's errors, or null.</param>
    /// <param name="check">Called with each object in the first walk; an exception from it ends the walk.</param>
    public FolderErrors(DirectoryInfo folder, string lakeRoot, string? table, Action<ErrorObject>? check = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _folder = folder.FullName;
        _lakeRoot = lakeRoot;
        _lakeErrors = Path.Combine(lakeRoot, "errors") + Path.DirectorySeparatorChar;
        _table = table;
        foreach (ErrorObject item in this)
        {
            check?.Invoke(item);
            Count++;
            TotalBytes += item.Length;
        }
    }

    /// <summary>How many objects there were at the first walk.</summary>
    public int Count { get; }

    /// <summary>Their bytes, for progress.</summary>
    public long TotalBytes { get; }

    public IEnumerator<ErrorObject> GetEnumerator()
    {
        foreach ((string path, long length) in Files())
        {
            string relative = Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '/');
            bool inThisLake = path.StartsWith(_lakeErrors, StringComparison.Ordinal);
            string sourceKey = inThisLake ? Path.GetRelativePath(_lakeRoot, path).Replace(Path.DirectorySeparatorChar, '/')
                : _table is null ? $"errors/{relative}" : $"errors/{_table}/{relative}";
            yield return new ErrorObject(relative, sourceKey, inThisLake, length, () => LakeFolder.OpenRead(path));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The folder's files in the ordinal order of their paths, the run state's folders (<c>.pipeslake/</c>) left out.</summary>
    private IEnumerable<(string Path, long Length)> Files()
    {
        if ((_folder + Path.DirectorySeparatorChar).Contains($"{Path.DirectorySeparatorChar}{LakeFolder.StateFolder}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        {
            yield break;
        }

        var folders = new Stack<(string Path, Entry[] Entries, int Next)>();
        folders.Push((_folder, Sorted(_folder), 0));
        while (folders.TryPop(out (string Path, Entry[] Entries, int Next) folder))
        {
            if (folder.Next == folder.Entries.Length)
            {
                continue;
            }

            Entry entry = folder.Entries[folder.Next];
            folders.Push(folder with { Next = folder.Next + 1 });
            string path = Path.Combine(folder.Path, entry.Name);
            if (!entry.IsFolder)
            {
                yield return (path, entry.Length);
            }
            else if (entry.Name != LakeFolder.StateFolder)
            {
                folders.Push((path, Sorted(path), 0));
            }
        }
    }

    /// <summary>
    /// One folder's entries by name, a folder's name followed by a slash; names and sizes only (an incident can leave a
    /// hundred thousand objects in one folder). A link to a folder is not followed.
    /// </summary>
    private static Entry[] Sorted(string folder)
    {
        var entries = new FileSystemEnumerable<Entry>(folder, (ref FileSystemEntry e) =>
            new Entry(e.FileName.ToString(), e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0, e.IsDirectory ? 0 : e.Length), s_everyEntry);
        Entry[] sorted = [.. entries];
        Array.Sort(sorted, Entry.Compare);
        return sorted;
    }

    private readonly record struct Entry(string Name, bool IsFolder, long Length)
    {
        /// <summary>Ordinal, as the names would compare with a slash after each folder's (no name holds one).</summary>
        public static int Compare(Entry a, Entry b)
        {
            int common = Math.Min(a.Name.Length, b.Name.Length);
            int order = a.Name.AsSpan(0, common).SequenceCompareTo(b.Name.AsSpan(0, common));
            return order != 0 ? order : Next(a, common).CompareTo(Next(b, common));
        }

        private static int Next(Entry entry, int at) => at < entry.Name.Length ? entry.Name[at] : entry.IsFolder ? '/' : -1;
    }
}
