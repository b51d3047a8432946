namespace PipesLake.Replay.Storage;

/// <summary>An <c>s3://bucket/prefix</c> URI, as the AWS CLI takes one.</summary>
/// <param name="Bucket">The bucket's name.</param>
/// <param name="Prefix">The key prefix, empty or ending in <c>/</c>.</param>
internal sealed record S3Location(string Bucket, string Prefix)
{
    private const string Scheme = "s3://";

    /// <summary>
    /// Whether <paramref name="text"/> names a bucket rather than a folder: anything that starts with <c>s3:</c>, so that
    /// <c>s3:/lake/</c> is refused as a malformed URI (<see cref="Parse"/>), never taken for a folder named <c>s3:</c>. A
    /// folder of that name is <c>./s3:…</c>.
    /// </summary>
    public static bool Is(string text) => text.StartsWith("s3:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>s3://bucket/prefix</c>; a prefix is taken as a folder (a <c>/</c> is added).</summary>
    /// <exception cref="ReplayException">No bucket name, or one S3 does not allow: one line.</exception>
    public static S3Location Parse(string text)
    {
        (string bucket, string prefix) = Split(text, "prefix");
        return new S3Location(bucket, prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/");
    }

    /// <summary>Reads <c>s3://bucket/key</c>, one object.</summary>
    /// <exception cref="ReplayException">No valid bucket name, or no key (or one ending in <c>/</c>): one line.</exception>
    public static (string Bucket, string Key) ParseObject(string text)
    {
        (string bucket, string key) = Split(text, "key");
        return key.Length > 0 && !key.EndsWith('/')
            ? (bucket, key)
            : throw new ReplayException($"'{text}' names no object; pass s3://bucket/key of one file.");
    }

    private static (string Bucket, string After) Split(string text, string what)
    {
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReplayException($"'{text}' is not s3://bucket/{what}: an S3 location starts with s3:// (a file or folder whose name starts with s3: is ./{text}).");
        }

        string rest = text[Scheme.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new ReplayException($"'{text}' is not s3://bucket/{what} with a valid bucket name (3 to 63 lowercase letters, digits, '-' or '.').");
        }

        return (bucket, slash < 0 ? string.Empty : rest[(slash + 1)..]);
    }

    public override string ToString() => $"{Scheme}{Bucket}/{Prefix}";
}
