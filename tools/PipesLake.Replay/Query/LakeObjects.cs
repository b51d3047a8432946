namespace PipesLake.Replay.Query;

/// <summary>The objects of one table's folder, told apart by their first bytes rather than their names.</summary>
/// <param name="Gzip">Objects that are GZIP.</param>
/// <param name="Plain">Objects that are not.</param>
/// <param name="NamedByContent">Every GZIP object is named <c>*.gz</c>, no other is, and none is empty.</param>
internal sealed record LakeObjects(IReadOnlyList<string> Gzip, IReadOnlyList<string> Plain, bool NamedByContent)
{
    /// <summary>The objects <paramref name="levels"/> folders below <paramref name="folder"/>, as the tables' globs reach them.</summary>
    public static LakeObjects In(string folder, int levels)
    {
        var gzip = new List<string>();
        var plain = new List<string>();
        bool named = true;
        byte[] magic = new byte[2];
        if (Directory.Exists(folder))
        {
            foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).Length != levels)
                {
                    continue;
                }

                using FileStream file = File.OpenRead(path);
                int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
                bool isGzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
                if (read == 0)
                {
                    // An empty object holds no line; as a .gz it would not even be GZIP.
                    named = false;
                    continue;
                }

                (isGzip ? gzip : plain).Add(path);
                named &= isGzip == path.EndsWith(".gz", StringComparison.Ordinal);
            }
        }

        return new LakeObjects(gzip, plain, named);
    }
}
