using System.Buffers.Binary;
using System.Text;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// One sighting of an item, as a sort record's payload: in the export (its state) or in the lake (one change: its
/// state, operation, time, sequence number and whether a backfill wrote it), with the site and day of its partition.
/// </summary>
internal readonly ref struct Sighting
{
    private const int Fixed = 16 + 4 + 8 + 1 + 1 + 1;

    /// <param name="hash">The item's state (<see cref="ItemState.Hash"/>).</param>
    /// <param name="day">Its partition's day, as <see cref="DateOnly.DayNumber"/>.</param>
    /// <param name="milliseconds">The change's time (<c>_ts</c>); 0 for the export.</param>
    /// <param name="operation"><c>I</c>, <c>U</c> or <c>D</c>; <c>E</c> for the export.</param>
    /// <param name="fromExport">Whether a backfill wrote the change.</param>
    /// <param name="sequence">The change's sequence number; empty for the export.</param>
    /// <param name="site">Its partition's site.</param>
    public Sighting(UInt128 hash, int day, long milliseconds, byte operation, bool fromExport, ReadOnlySpan<byte> sequence, ReadOnlySpan<byte> site)
    {
        Hash = hash;
        Day = day;
        Milliseconds = milliseconds;
        Operation = operation;
        FromExport = fromExport;
        Sequence = sequence;
        Site = site;
    }

    public UInt128 Hash { get; }

    public int Day { get; }

    public long Milliseconds { get; }

    public byte Operation { get; }

    public bool FromExport { get; }

    public ReadOnlySpan<byte> Sequence { get; }

    public ReadOnlySpan<byte> Site { get; }

    /// <summary>The site as text.</summary>
    public string SiteText => Encoding.UTF8.GetString(Site);

    /// <summary>Writes the payload into <paramref name="into"/>; its length.</summary>
    public int Write(Span<byte> into)
    {
        BinaryPrimitives.WriteUInt128LittleEndian(into, Hash);
        BinaryPrimitives.WriteInt32LittleEndian(into[16..], Day);
        BinaryPrimitives.WriteInt64LittleEndian(into[20..], Milliseconds);
        into[28] = Operation;
        into[29] = FromExport ? (byte)1 : (byte)0;
        into[30] = (byte)Sequence.Length;
        Sequence.CopyTo(into[Fixed..]);
        Site.CopyTo(into[(Fixed + Sequence.Length)..]);
        return Fixed + Sequence.Length + Site.Length;
    }

    /// <summary>Bytes the payload takes.</summary>
    public static int Size(int sequence, int site) => Fixed + sequence + site;

    /// <summary>Reads a payload <see cref="Write"/> wrote.</summary>
    public static Sighting Read(ReadOnlySpan<byte> payload)
    {
        int sequence = payload[30];
        return new Sighting(
            BinaryPrimitives.ReadUInt128LittleEndian(payload),
            BinaryPrimitives.ReadInt32LittleEndian(payload[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[20..]),
            payload[28],
            payload[29] == 1,
            payload.Slice(Fixed, sequence),
            payload[(Fixed + sequence)..]);
    }

    /// <summary>Whether <paramref name="a"/> is a later change than <paramref name="b"/>: sequence numbers are decimal strings of varying length, compared by length, then text, as <c>changes_current</c> ranks them.</summary>
    public static bool Later(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length != b.Length ? a.Length > b.Length : a.SequenceCompareTo(b) > 0;
}
