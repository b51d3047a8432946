using System.Text;

namespace PipesLake.Partitioning;

/// <summary>
/// Hands out one string per distinct site. A lake has few sites and many records, so after warm-up a
/// record's site costs a lookup rather than an allocation.
/// </summary>
internal sealed class SiteIdCache
{
    private const int Capacity = 4096;

    private readonly Dictionary<string, string> _sites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SiteIdCache() => _lookup = _sites.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string for a site value already checked by <see cref="SiteIdRules"/>.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[SiteIdRules.MaxUtf8Bytes];
        int length = Encoding.UTF8.GetChars(utf8, chars);
        ReadOnlySpan<char> site = chars[..length];
        if (_lookup.TryGetValue(site, out string? cached))
        {
            return cached;
        }

        string created = new(site);
        if (_sites.Count < Capacity)
        {
            _sites.Add(created, created);
        }

        return created;
    }
}
