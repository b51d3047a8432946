using System.Text;

namespace PipesLake.Partitioning;

/// <summary>
/// Decides whether a site value may become an S3 key segment. Firehose pastes the value into the
/// object key as it is, so anything that could add a path segment, fake a Hive partition or hide in a
/// listing is refused.
/// </summary>
public static class SiteIdRules
{
    /// <summary>The longest site value, in Unicode scalar values.</summary>
    public const int MaxLength = 128;

    /// <summary>Longest UTF-8 encoding of a valid value (4 bytes per scalar).</summary>
    public const int MaxUtf8Bytes = MaxLength * 4;

    /// <summary>Returns null when the value is allowed, else a fixed reason.</summary>
    public static string? Check(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "site value is empty";
        }

        if (utf8.IndexOf(".."u8) >= 0)
        {
            return "site value contains '..'";
        }

        int count = 0;
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return "site value is not valid UTF-8";
            }

            if (++count > MaxLength)
            {
                return "site value is longer than 128 characters";
            }

            if (!IsAllowed(rune))
            {
                return "site value contains '/', '\\', '=', a control character or a character that is not a letter or digit";
            }

            utf8 = utf8[consumed..];
        }

        return null;
    }

    private static bool IsAllowed(Rune rune)
    {
        if (rune.IsAscii)
        {
            int c = rune.Value;
            return c is >= 0x20 and <= 0x7E && c != '/' && c != '\\' && c != '=';
        }

        return Rune.IsLetterOrDigit(rune);
    }
}
