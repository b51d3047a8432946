using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Text;

namespace PipesLake.Replay.Input;

/// <summary>
/// One folder's entries in <see cref="FolderEntry.Compare{T}"/> order, held for a walk of that
/// folder. An incident can leave a hundred thousand objects in one folder, so names are kept as bytes, one a character
/// where every character fits in one (Latin-1, as Firehose's names do), in pieces of 64 KiB, and made strings only as
/// they are walked: as strings they took twice the bytes plus a header each, and the peak of a run grew with the incident.
/// </summary>
internal sealed class FolderListing
{
    private const int PieceBytes = 1 << 16;

    private readonly List<byte[]> _pieces = [];
    private readonly List<string> _wide = [];
    private readonly List<Item> _items;
    private int _used = PieceBytes;

    /// <summary>The entries of <paramref name="folder"/> (a link to a folder is not entered), sorted.</summary>
    public FolderListing(string folder, EnumerationOptions options)
    {
        // Counted first, so the list is made once at its size: grown by doubling, it left as much again behind.
        _items = new List<Item>(new FileSystemEnumerable<int>(folder, (ref FileSystemEntry _) => 0, options).Count());
        // The transform keeps each entry here as it is listed: no string is made for a name.
        var listing = new FileSystemEnumerable<int>(folder, (ref FileSystemEntry e) => Add(e.FileName, IsFolder(ref e), e.IsDirectory ? 0 : e.Length), options);
        foreach (int _ in listing)
        {
        }

        CollectionsMarshal.AsSpan(_items).Sort(Compare);
    }

    /// <summary>Whether the walk enters it: a folder, not a link to one.</summary>
    public static bool IsFolder(ref FileSystemEntry entry) => entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0;

    /// <summary>The entries in order; each name is made as it is reached.</summary>
    public IEnumerator<FolderEntry> GetEnumerator()
    {
        for (int i = 0; i < _items.Count; i++)
        {
            Item item = _items[i];
            yield return new FolderEntry(Name(item), item.IsFolder, item.Length);
        }
    }

    private int Add(ReadOnlySpan<char> name, bool isFolder, long length)
    {
        if (name.Length > PieceBytes || name.ContainsAnyExceptInRange('\0', '\u00FF'))
        {
            _items.Add(new Item(-1, _wide.Count, name.Length, isFolder, length));
            _wide.Add(name.ToString());
            return 0;
        }

        if (_used + name.Length > PieceBytes)
        {
            _pieces.Add(new byte[PieceBytes]);
            _used = 0;
        }

        Encoding.Latin1.GetBytes(name, _pieces[^1].AsSpan(_used));
        _items.Add(new Item(_pieces.Count - 1, _used, name.Length, isFolder, length));
        _used += name.Length;
        return 0;
    }

    private int Compare(Item a, Item b) => a.Piece >= 0 && b.Piece >= 0
        ? FolderEntry.Compare(Bytes(a), a.IsFolder, Bytes(b), b.IsFolder)
        : FolderEntry.Compare(Name(a).AsSpan(), a.IsFolder, Name(b).AsSpan(), b.IsFolder);

    private ReadOnlySpan<byte> Bytes(Item item) => _pieces[item.Piece].AsSpan(item.Start, item.Count);

    private string Name(Item item) => item.Piece < 0 ? _wide[item.Start] : Encoding.Latin1.GetString(Bytes(item));

    /// <summary>An entry: its name's bytes (<paramref name="Piece"/>, <paramref name="Start"/>, <paramref name="Count"/>), or its <c>_wide</c> string (piece -1).</summary>
    private readonly record struct Item(int Piece, int Start, int Count, bool IsFolder, long Length);
}
