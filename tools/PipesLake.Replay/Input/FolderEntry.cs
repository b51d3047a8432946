namespace PipesLake.Replay.Input;

/// <summary>An entry of a folder as <see cref="FolderErrors"/> walks it: its name, whether it is a folder to enter, its size.</summary>
internal readonly record struct FolderEntry(string Name, bool IsFolder, long Length)
{
    /// <summary>
    /// Ordinal, as the names would compare with a slash after each folder's (no name holds one): over names as
    /// characters, or as bytes of one character each (Latin-1, whose byte order is the characters' order).
    /// </summary>
    public static int Compare<T>(ReadOnlySpan<T> a, bool aIsFolder, ReadOnlySpan<T> b, bool bIsFolder)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        int common = Math.Min(a.Length, b.Length);
        int order = a[..common].SequenceCompareTo(b[..common]);
        return order != 0 ? order : Next(a, aIsFolder, common).CompareTo(Next(b, bIsFolder, common));
    }

    private static int Next<T>(ReadOnlySpan<T> name, bool isFolder, int at)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
        => at < name.Length ? int.CreateTruncating(name[at]) : isFolder ? '/' : -1;
}
