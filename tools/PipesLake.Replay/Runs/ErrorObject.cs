namespace PipesLake.Replay.Runs;

/// <summary>One Firehose error object to redrive, from a folder or a bucket.</summary>
/// <param name="Relative">Its path below the errors folder or prefix the user named: how the summary and the handled list name it.</param>
/// <param name="SourceKey">Its key as the lake's, <c>errors/…</c>: a group of records bound for that very key is the object itself.</param>
/// <param name="StaysInLake">It lies in the lake being written and nothing moves it: records that fail again are already there.</param>
/// <param name="Length">Its size, for progress.</param>
/// <param name="Open">Opens it, plain or GZIP (checked whole).</param>
internal sealed record ErrorObject(string Relative, string SourceKey, bool StaysInLake, long Length, Func<Stream> Open)
{
    /// <summary>
    /// The error objects of a folder, as <c>aws s3 sync</c> brings <c>errors/</c> down (<c>&lt;table&gt;/&lt;type&gt;/…</c>), or one
    /// table's errors (<c>&lt;type&gt;/…</c>) when <paramref name="table"/> names it, in path order.
    /// </summary>
    public static IEnumerable<ErrorObject> InFolder(DirectoryInfo folder, string lakeRoot, string? table = null)
    {
        string lakeErrors = Path.Combine(lakeRoot, "errors") + Path.DirectorySeparatorChar;
        string state = $"{Path.DirectorySeparatorChar}{LakeFolder.StateFolder}{Path.DirectorySeparatorChar}";
        foreach (FileInfo file in folder.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.FullName.Contains(state, StringComparison.Ordinal))
            .OrderBy(f => Path.GetRelativePath(folder.FullName, f.FullName), StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(folder.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            bool inThisLake = file.FullName.StartsWith(lakeErrors, StringComparison.Ordinal);
            string sourceKey = inThisLake ? Path.GetRelativePath(lakeRoot, file.FullName).Replace(Path.DirectorySeparatorChar, '/')
                : table is null ? $"errors/{relative}" : $"errors/{table}/{relative}";
            yield return new ErrorObject(relative, sourceKey, inThisLake, file.Length, () => LakeFolder.OpenRead(file.FullName));
        }
    }
}
