using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PipesLake.Replay.Reconcile;

/// <summary>
/// What a reconcile found: items of each kind, per site and day, the first keys of each kind, and the input it could
/// not read. Counts and keys only, never an item's attributes. Written as JSON for a CI or scheduled job.
/// </summary>
internal sealed class ReconcileReport
{
    /// <summary>The kinds that fail a reconcile (exit code <see cref="CommandErrors.LakeDiffers"/>).</summary>
    public static IReadOnlyList<ReconcileKind> Faults { get; } = [ReconcileKind.Missing, ReconcileKind.Stale, ReconcileKind.DeleteMissed, ReconcileKind.NotInTable, ReconcileKind.Refused];

    private readonly long[] _counts = new long[Enum.GetValues<ReconcileKind>().Length];
    private readonly List<string>[] _keys = [.. Enum.GetValues<ReconcileKind>().Select(_ => new List<string>())];
    private readonly Dictionary<string, Dictionary<int, long[]>> _sites = new(StringComparer.Ordinal);
    private readonly int _keysPerKind;

    /// <param name="keysPerKind">How many keys of each kind the report names (the first in key order).</param>
    public ReconcileReport(int keysPerKind) => _keysPerKind = keysPerKind;

    /// <summary>The export's table.</summary>
    public required string Table { get; init; }

    /// <summary>The export's id.</summary>
    public required string ExportId { get; init; }

    /// <summary>The export's point in time.</summary>
    public required DateTimeOffset ExportTime { get; init; }

    /// <summary>Where the export was read.</summary>
    public required string Export { get; init; }

    /// <summary>The lake's folder or URI.</summary>
    public required string Lake { get; init; }

    /// <summary>Changes this close to the export time make a difference <see cref="ReconcileKind.WithinTolerance"/>.</summary>
    public required TimeSpan Tolerance { get; init; }

    /// <summary>Items the export holds.</summary>
    public long ExportItems { get; set; }

    /// <summary>Lines of the export that are not items (as backfill counts them), as <c>file:line</c>.</summary>
    public Places NotExportItems { get; } = new();

    /// <summary>Objects of the table's part of the lake read.</summary>
    public long LakeObjects { get; set; }

    /// <summary>Lines of them read.</summary>
    public long LakeLines { get; set; }

    /// <summary>Lines that are not lake lines, as <c>object:line</c>.</summary>
    public Places NotLakeLines { get; } = new();

    /// <summary>Objects that are not readable to their end (damaged GZIP), by name.</summary>
    public Places UnreadableObjects { get; } = new();

    /// <summary>Items of a kind.</summary>
    public long this[ReconcileKind kind] => _counts[(int)kind];

    /// <summary>The first keys of a kind, in key order (refused items by their place in the export).</summary>
    public IReadOnlyList<string> Keys(ReconcileKind kind) => _keys[(int)kind];

    /// <summary>Whether any item is of a kind that fails the reconcile.</summary>
    public bool Differs => Faults.Any(kind => this[kind] > 0);

    /// <summary>Whether some input could not be read (it is named in the report).</summary>
    public bool InputLeftOut => NotExportItems.Count > 0 || NotLakeLines.Count > 0 || UnreadableObjects.Count > 0;

    /// <summary>Counts one item of <paramref name="kind"/> in its site and day, and names its key while the kind's list has room.</summary>
    public void Count(ReconcileKind kind, ReadOnlySpan<byte> site, int day, ReadOnlySpan<byte> key)
    {
        _counts[(int)kind]++;
        if (_keys[(int)kind].Count < _keysPerKind)
        {
            _keys[(int)kind].Add(ItemState.KeyText(key));
        }

        if (kind != ReconcileKind.Matching)
        {
            Day(Encoding.UTF8.GetString(site), day)[(int)kind]++;
        }
    }

    /// <summary>Counts an export item the function refuses, named by its place in the export.</summary>
    public void Refused(string place, string? site, int day)
    {
        _counts[(int)ReconcileKind.Refused]++;
        if (_keys[(int)ReconcileKind.Refused].Count < _keysPerKind)
        {
            _keys[(int)ReconcileKind.Refused].Add(place);
        }

        if (site is not null)
        {
            Day(site, day)[(int)ReconcileKind.Refused]++;
        }
    }

    /// <summary>The counts of each site and day that has an item of a kind other than matching, in site and day order.</summary>
    public IEnumerable<(string Site, DateOnly Day, IReadOnlyList<long> Counts)> SiteDays() =>
        _sites.OrderBy(s => s.Key, StringComparer.Ordinal)
            .SelectMany(site => site.Value.OrderBy(d => d.Key).Select(day => (site.Key, DateOnly.FromDayNumber(day.Key), (IReadOnlyList<long>)day.Value)));

    /// <summary>The report as JSON, indented.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("table", Table);
            json.WriteStartObject("export");
            json.WriteString("id", ExportId);
            json.WriteString("time", ExportTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("source", Export);
            json.WriteNumber("items", ExportItems);
            Places(json, "notExportItems", NotExportItems);
            json.WriteEndObject();
            json.WriteStartObject("lake");
            json.WriteString("root", Lake);
            json.WriteNumber("objects", LakeObjects);
            json.WriteNumber("lines", LakeLines);
            Places(json, "notLakeLines", NotLakeLines);
            Places(json, "unreadableObjects", UnreadableObjects);
            json.WriteEndObject();
            json.WriteNumber("toleranceSeconds", (long)Tolerance.TotalSeconds);
            json.WriteBoolean("differs", Differs);
            json.WriteStartObject("counts");
            foreach (ReconcileKind kind in Enum.GetValues<ReconcileKind>())
            {
                json.WriteNumber(Name(kind), this[kind]);
            }

            json.WriteEndObject();
            json.WriteStartObject("firstKeys");
            foreach (ReconcileKind kind in Enum.GetValues<ReconcileKind>().Where(k => k != ReconcileKind.Matching))
            {
                json.WriteStartArray(Name(kind));
                Keys(kind).ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartArray("siteDays");
            foreach ((string site, DateOnly day, IReadOnlyList<long> counts) in SiteDays())
            {
                json.WriteStartObject();
                json.WriteString("site", site);
                json.WriteString("day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                foreach (ReconcileKind kind in Enum.GetValues<ReconcileKind>().Where(k => k != ReconcileKind.Matching && counts[(int)k] > 0))
                {
                    json.WriteNumber(Name(kind), counts[(int)kind]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>A kind's name in the report and the summary: <c>deleteMissed</c>.</summary>
    public static string Name(ReconcileKind kind)
    {
        string name = kind.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{char.ToLowerInvariant(name[0])}{name[1..]}");
    }

    private static void Places(Utf8JsonWriter json, string name, Places places)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", places.Count);
        json.WriteStartArray("first");
        places.First.ToList().ForEach(json.WriteStringValue);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private long[] Day(string site, int day)
    {
        if (!_sites.TryGetValue(site, out Dictionary<int, long[]>? days))
        {
            _sites[site] = days = [];
        }

        if (!days.TryGetValue(day, out long[]? counts))
        {
            days[day] = counts = new long[_counts.Length];
        }

        return counts;
    }

    /// <summary>One line per kind for the summary's table: what it means.</summary>
    public static string Describe(ReconcileKind kind) => kind switch
    {
        ReconcileKind.Matching => "items matching",
        ReconcileKind.Missing => "items missing from the lake",
        ReconcileKind.Stale => "items stale in the lake (another state)",
        ReconcileKind.DeleteMissed => "items deleted in the table, live in the lake",
        ReconcileKind.NotInTable => "items live in the lake only from a backfill",
        ReconcileKind.WithinTolerance => "differences with a stream change within the tolerance",
        ReconcileKind.Refused => "export items the function refuses (errors/)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
