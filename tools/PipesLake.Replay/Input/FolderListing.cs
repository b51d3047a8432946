using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Text;

namespace PipesLake.Replay.Input;

/// <summary>
/// One folder's entries in <see cref="FolderEntry.Compare{T}"/> order, held for a walk of that folder. An incident can
/// leave a hundred thousand objects in one folder, and as strings their names grew a run's peak with the incident. So
/// names are listed as bytes, one a character where every character fits in one (Latin-1, as Firehose's names do),
/// sorted, and then kept front-coded: each as the length it shares with the name before and the rest (sorted names of
/// one stream share most of theirs), with its size, in blocks; a name is made a string only as the walk reaches it.
/// Names with a character beyond Latin-1 are kept as strings.
/// </summary>
internal sealed class FolderListing
{
    private const int PieceBytes = 1 << 16;
    private const byte IsFolderFlag = 1;
    private const byte IsWideFlag = 2;

    private readonly List<byte[]> _pieces = [];
    private readonly List<string> _wide = [];
    private readonly BlockBytes _coded = new(null);
    private readonly int _count;
    private int _used = PieceBytes;

    /// <summary>The entries of <paramref name="folder"/> (a link to a folder is not entered), sorted.</summary>
    public FolderListing(string folder, EnumerationOptions options)
    {
        // The transform keeps each entry's name as it is listed: no string is made for it. The list lives only until the
        // names are front-coded, so the folder is listed once, not counted first.
        List<Item> items = [.. new FileSystemEnumerable<Item>(folder, (ref FileSystemEntry e) => Add(e.FileName, IsFolder(ref e), e.IsDirectory ? 0 : e.Length), options)];

        CollectionsMarshal.AsSpan(items).Sort(Compare);
        Code(items);
        _count = items.Count;
        _pieces.Clear();
    }

    /// <summary>Whether the walk enters it: a folder, not a link to one.</summary>
    public static bool IsFolder(ref FileSystemEntry entry) => entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0;

    /// <summary>The entries in order; each name is made as it is reached.</summary>
    public IEnumerator<FolderEntry> GetEnumerator()
    {
        using var reader = new BinaryReader(_coded.AsStream());
        byte[] name = new byte[256];
        for (int i = 0; i < _count; i++)
        {
            byte flags = reader.ReadByte();
            long length = reader.Read7BitEncodedInt64();
            string current;
            if ((flags & IsWideFlag) != 0)
            {
                current = _wide[reader.Read7BitEncodedInt()];
            }
            else
            {
                int shared = reader.Read7BitEncodedInt(), rest = reader.Read7BitEncodedInt();
                if (name.Length < shared + rest)
                {
                    Array.Resize(ref name, Math.Max(shared + rest, name.Length * 2));
                }

                reader.BaseStream.ReadExactly(name.AsSpan(shared, rest));
                current = Encoding.Latin1.GetString(name, 0, shared + rest);
            }

            yield return new FolderEntry(current, (flags & IsFolderFlag) != 0, length);
        }
    }

    private Item Add(ReadOnlySpan<char> name, bool isFolder, long length)
    {
        if (name.Length > PieceBytes || name.ContainsAnyExceptInRange('\0', '\u00FF'))
        {
            _wide.Add(name.ToString());
            return new Item(-1, _wide.Count - 1, name.Length, isFolder, length);
        }

        if (_used + name.Length > PieceBytes)
        {
            _pieces.Add(new byte[PieceBytes]);
            _used = 0;
        }

        Encoding.Latin1.GetBytes(name, _pieces[^1].AsSpan(_used));
        var item = new Item(_pieces.Count - 1, _used, name.Length, isFolder, length);
        _used += name.Length;
        return item;
    }

    /// <summary>Writes the sorted entries front-coded into <c>_coded</c>: flags, size, then the name's index or its shared length and rest.</summary>
    private void Code(List<Item> sorted)
    {
        Span<byte> header = stackalloc byte[1 + 10 + 5 + 5];
        ReadOnlySpan<byte> previous = [];
        foreach (Item item in sorted)
        {
            int at = 0;
            header[at++] = (byte)((item.IsFolder ? IsFolderFlag : 0) | (item.Piece < 0 ? IsWideFlag : 0));
            at += Write7Bit(header[at..], (ulong)item.Length);
            if (item.Piece < 0)
            {
                // The next name shares nothing: a reader keeps the last name of bytes only.
                at += Write7Bit(header[at..], (ulong)item.Start);
                _coded.Write(header[..at]);
                previous = [];
                continue;
            }

            ReadOnlySpan<byte> bytes = Bytes(item);
            int shared = bytes.CommonPrefixLength(previous);
            at += Write7Bit(header[at..], (ulong)shared);
            at += Write7Bit(header[at..], (ulong)(bytes.Length - shared));
            _coded.Write(header[..at]);
            _coded.Write(bytes[shared..]);
            previous = bytes;
        }
    }

    /// <summary>As <see cref="BinaryWriter.Write7BitEncodedInt64"/> writes it (what <see cref="BinaryReader"/> reads back).</summary>
    private static int Write7Bit(Span<byte> into, ulong value)
    {
        int at = 0;
        for (; value >= 0x80; value >>= 7)
        {
            into[at++] = (byte)(value | 0x80);
        }

        into[at++] = (byte)value;
        return at;
    }

    private int Compare(Item a, Item b) => a.Piece >= 0 && b.Piece >= 0
        ? FolderEntry.Compare(Bytes(a), a.IsFolder, Bytes(b), b.IsFolder)
        : FolderEntry.Compare(Name(a).AsSpan(), a.IsFolder, Name(b).AsSpan(), b.IsFolder);

    private ReadOnlySpan<byte> Bytes(Item item) => _pieces[item.Piece].AsSpan(item.Start, item.Count);

    private string Name(Item item) => item.Piece < 0 ? _wide[item.Start] : Encoding.Latin1.GetString(Bytes(item));

    /// <summary>An entry as listed: its name's bytes (<paramref name="Piece"/>, <paramref name="Start"/>, <paramref name="Count"/>), or its <c>_wide</c> string (piece -1).</summary>
    private readonly record struct Item(int Piece, int Start, int Count, bool IsFolder, long Length);
}
