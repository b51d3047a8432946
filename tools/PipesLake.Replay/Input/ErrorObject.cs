namespace PipesLake.Replay.Input;

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
    public static FolderErrors InFolder(DirectoryInfo folder, string lakeRoot, string? table = null, Action<ErrorObject>? check = null) => new(folder, lakeRoot, table, check);
}
