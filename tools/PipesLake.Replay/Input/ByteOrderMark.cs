namespace PipesLake.Replay.Input;

/// <summary>A UTF-8 byte order mark at the start of a text stream (some editors and PowerShell write one): not content.</summary>
internal static class ByteOrderMark
{
    /// <summary><paramref name="input"/> from its first byte after a byte order mark, if it starts with one; read forward only.</summary>
    public static Stream Skip(Stream input)
    {
        byte[] head = new byte[3];
        int read = input.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        return head.AsSpan(0, read).SequenceEqual("\uFEFF"u8) ? input : new PrefixedStream(head.AsMemory(0, read), input);
    }
}
