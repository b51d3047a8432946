using System.Collections;
using System.IO.Enumeration;

namespace PipesLake.Replay.Input;

/// <summary>
/// The error objects of a folder, in path order, walked as they are taken: an incident leaves a hundred thousand of
/// them, so nothing per object is held between walks (a list of their names grew with the incident). A walk sorts one
/// folder's entries at a time, a folder as its name and a slash, which is the ordinal order of the whole paths. The
/// first walk, here, takes them as the folders list them: it counts them and their bytes for progress and hands each to
/// a check (its table, known before anything is written).
/// </summary>
internal sealed class FolderErrors : IReadOnlyCollection<ErrorObject>
{
    private static readonly EnumerationOptions s_everyEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly string _folder;
    private readonly string _lakeErrors;
    private readonly string _lakeRoot;
    private readonly string? _table;

    /// <param name="folder">The folder.</param>
    /// <param name="lakeRoot">The lake written: an object under its own <c>errors/</c> stays where it is.</param>
    /// <param name="table">The table of a folder of one table's errors, or null.</param>
    /// <param name="check">
    /// Called with each object in the first walk; when it throws for some, the exception of the first of them in path
    /// order ends the walk (the same one whatever order the folder lists them in).
    /// </param>
    public FolderErrors(DirectoryInfo folder, string lakeRoot, string? table, Action<ErrorObject>? check = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _folder = folder.FullName;
        _lakeRoot = lakeRoot;
        _lakeErrors = Path.Combine(lakeRoot, "errors") + Path.DirectorySeparatorChar;
        _table = table;
        (string Relative, Exception Failure)? first = null;
        // In the order the folder lists them: counting needs no order, and a sorted walk holds a folder's names (an
        // incident's hundred thousand), which, left behind for the collector, made a run's peak grow with the incident.
        foreach (ErrorObject item in Objects(inOrder: false))
        {
            try
            {
                check?.Invoke(item);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (first is not { } earlier || string.CompareOrdinal(item.Relative, earlier.Relative) < 0)
                {
                    first = (item.Relative, e);
                }
            }

            Count++;
            TotalBytes += item.Length;
        }

        if (first is { } failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Failure).Throw();
        }
    }

    /// <summary>How many objects there were at the first walk.</summary>
    public int Count { get; }

    /// <summary>Their bytes, for progress.</summary>
    public long TotalBytes { get; }

    public IEnumerator<ErrorObject> GetEnumerator() => Objects(inOrder: true).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<ErrorObject> Objects(bool inOrder)
    {
        foreach ((string path, long length) in Files(inOrder))
        {
            string relative = Path.GetRelativePath(_folder, path).Replace(Path.DirectorySeparatorChar, '/');
            bool inThisLake = path.StartsWith(_lakeErrors, StringComparison.Ordinal);
            string sourceKey = inThisLake ? Path.GetRelativePath(_lakeRoot, path).Replace(Path.DirectorySeparatorChar, '/')
                : _table is null ? $"errors/{relative}" : $"errors/{_table}/{relative}";
            yield return new ErrorObject(relative, sourceKey, inThisLake, length, () => LakeFolder.OpenRead(path));
        }
    }

    /// <summary>
    /// The folder's files, the run state's folders (<c>.pipeslake/</c>) left out: in the ordinal order of their paths, or
    /// as the folders list them.
    /// </summary>
    private IEnumerable<(string Path, long Length)> Files(bool inOrder)
    {
        if ((_folder + Path.DirectorySeparatorChar).Contains($"{Path.DirectorySeparatorChar}{LakeFolder.StateFolder}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        {
            yield break;
        }

        var folders = new Stack<(string Path, IEnumerator<FolderEntry> Entries)>();
        try
        {
            folders.Push((_folder, Entries(_folder, inOrder)));
            while (folders.TryPeek(out (string Path, IEnumerator<FolderEntry> Entries) folder))
            {
                if (!folder.Entries.MoveNext())
                {
                    folders.Pop().Entries.Dispose();
                    continue;
                }

                FolderEntry entry = folder.Entries.Current;
                string path = Path.Combine(folder.Path, entry.Name);
                if (!entry.IsFolder)
                {
                    yield return (path, entry.Length);
                }
                else if (entry.Name != LakeFolder.StateFolder)
                {
                    folders.Push((path, Entries(path, inOrder)));
                }
            }
        }
        finally
        {
            while (folders.TryPop(out (string Path, IEnumerator<FolderEntry> Entries) open))
            {
                open.Entries.Dispose();
            }
        }
    }

    /// <summary>
    /// One folder's entries, names and sizes only, by name (a folder's name followed by a slash) or as listed; in order,
    /// they are held for the walk of that folder (<see cref="FolderListing"/>). A link to a folder is not followed.
    /// </summary>
    private static IEnumerator<FolderEntry> Entries(string folder, bool inOrder) => inOrder
        ? new FolderListing(folder, s_everyEntry).GetEnumerator()
        : new FileSystemEnumerable<FolderEntry>(folder, (ref FileSystemEntry e) =>
            new FolderEntry(e.FileName.ToString(), FolderListing.IsFolder(ref e), e.IsDirectory ? 0 : e.Length), s_everyEntry).GetEnumerator();
}
