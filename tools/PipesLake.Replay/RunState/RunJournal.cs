using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.RunState;

/// <summary>
/// What a run of a command over one input wrote into a lake with, kept under <c>.pipeslake/runs/</c> before its
/// first object: the arrival time and every option that shapes the objects. A job is known by its input's content
/// (<see cref="JobInput.Content"/>, a hash of the bytes read), not by where it was read: a rerun over the same
/// content, from the same file, a copy, a touched or re-downloaded file, another object or standard input, takes
/// the same arrival and must have the same options, so it writes the very objects the first run wrote (found
/// there, not written twice) and then the rest. Another arrival or other options would write the same records
/// again under other names, so those are refused in one line naming the first run's input.
/// </summary>
internal static class RunJournal
{
    /// <summary>
    /// The arrival a run over the input seen at <paramref name="seen"/> used, when its name and version (size and time
    /// of last change, or ETag) are as they were: a rerun of an unchanged input takes it before reading anything. Only
    /// a hint: <see cref="Begin"/> decides by content once the input is read.
    /// </summary>
    public static DateTimeOffset? Hint(IObjectStore lake, string command, (string Name, string Version) seen)
    {
        string key = SeenKey(command, seen.Name);
        return lake.ReadState(key) is { } stored && Read(key, stored) is { } entry && entry.Input == seen.Name && entry.Identity == seen.Version
            ? entry.Arrival
            : null;
    }

    /// <summary>
    /// Finds the job over <paramref name="input"/>'s content, or records a new one with <paramref name="arrival"/>;
    /// returns the job's arrival. When it differs from <paramref name="arrival"/>, what the run made with that arrival
    /// must not be written: the caller runs again with the job's arrival (or, when it cannot read its input again, says
    /// which to use).
    /// </summary>
    /// <param name="lake">The lake the run writes.</param>
    /// <param name="command">The command, e.g. <c>replay</c>.</param>
    /// <param name="input">The input: its content, and where it was read.</param>
    /// <param name="options">The options that shape the objects, as the user would write them.</param>
    /// <param name="arrival">The arrival this run used.</param>
    /// <param name="asked">Whether the user gave that arrival (<c>--arrival</c>), rather than the tool choosing it.</param>
    /// <exception cref="ReplayException">This content was written into this lake with other options, or with another arrival that the user asked for
    /// or that a run over standard input (no <see cref="JobInput.Seen"/>) cannot take by reading its input again.</exception>
    public static DateTimeOffset Begin(IObjectStore lake, string command, JobInput input, IReadOnlyDictionary<string, string> options, DateTimeOffset arrival, bool asked)
    {
        string key = ContentKey(command, input.Content);
        if (lake.ReadState(key) is { } stored && Read(key, stored) is { } earlier)
        {
            string what;
            if (Same(input, earlier.Input))
            {
                what = $"{Quoted(input.Shown)} was";
            }
            else
            {
                // Names that end alike (two downloads of one export) are shown whole.
                bool alike = Quoted(input.Shown) == Quoted(earlier.Input);
                what = $"{Quoted(input.Shown, alike)} holds what {Quoted(earlier.Input, alike)} held, which was";
            }

            if (arrival != earlier.Arrival && (asked || input.Seen is null))
            {
                // An arrival the user asked for, or standard input, which cannot be read again with the job's arrival.
                string then = asked ? "rerun with that arrival (or none) to finish it" : "standard input is read once: rerun with that --arrival to finish it";
                throw new ReplayException(string.Create(CultureInfo.InvariantCulture,
                    $"{what} already written into this lake with --arrival {Format(earlier.Arrival)}; {then}, or use another lake: another arrival would write its records twice."));
            }

            // Both ways: an option the first run had and this one drops, or one this run adds (--fault-*), changes the objects.
            foreach (string option in earlier.Options.Keys.Union(options.Keys, StringComparer.Ordinal))
            {
                string value = earlier.Options.GetValueOrDefault(option, "(none)"), now = options.GetValueOrDefault(option, "(none)");
                if (now != value)
                {
                    throw new ReplayException($"{what} already written into this lake with {option} {value} (now {now}); rerun with the same options to finish it, or use another lake: other options would write its records twice.");
                }
            }

            Remember(lake, command, input, earlier.Arrival, earlier.Options);
            return earlier.Arrival;
        }

        lake.PutState(key, JsonSerializer.SerializeToUtf8Bytes(new Entry(input.Shown, input.Seen?.Version ?? string.Empty, arrival, options) { Content = input.Content }, JournalJson.Default.Entry));
        Remember(lake, command, input, arrival, options);
        return arrival;
    }

    /// <summary>
    /// The settings that shape a run's objects, by their keys in the stack file, and the compression: the stack's, and
    /// each table's under <c>pipeslake:tables &lt;name&gt;</c>. A table added later is not among a first run's, so it stops
    /// no rerun; a table whose settings changed does.
    /// </summary>
    public static Dictionary<string, string> Options(LakeSettings settings, bool gzip)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--stack-file of stack"] = settings.Stack,
            [SettingKeys.Region] = settings.Region,
            [SettingKeys.BufferSizeMiB] = settings.BufferSizeMiB.ToString(CultureInfo.InvariantCulture),
            [SettingKeys.BufferIntervalSeconds] = settings.BufferIntervalSeconds.ToString(CultureInfo.InvariantCulture),
            [SettingKeys.Format] = settings.Format.ToString(),
            ["--gzip"] = gzip ? "true" : "false",
        };
        foreach (TableSettings table in settings.Tables)
        {
            options[$"{SettingKeys.Tables} {table.Name}"] = string.Join(", ",
                $"id {table.Id}",
                $"{TableFields.SiteAttribute} {table.SiteAttribute}",
                $"{TableFields.TimeAttribute} {table.TimeAttribute}",
                $"{TableFields.PartitionTime} {table.PartitionTime}",
                $"{TableFields.EventNames} {string.Join('/', table.EventNames)}",
                $"{TableFields.ExcludeTtlDeletes} {(table.ExcludeTtlDeletes ? "true" : "false")}",
                $"{TableFields.Columns} {string.Join('/', table.Columns.Select(c => $"{c.JsonKey}:{c.Type}"))}",
                $"{TableFields.Filter} {table.Filter ?? "(none)"}");
        }

        return options;
    }

    /// <summary>The arrival time as <c>--arrival</c> takes it.</summary>
    public static string Format(DateTimeOffset arrival) => arrival.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    /// <summary>A content hash as the journal and the leases name it: lower-case hex.</summary>
    public static string Content(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>Where the input was seen this time now points at the job, so a rerun of it finds the job before reading.</summary>
    private static void Remember(IObjectStore lake, string command, JobInput input, DateTimeOffset arrival, IReadOnlyDictionary<string, string> options)
    {
        if (input.Seen is { } seen)
        {
            lake.PutState(SeenKey(command, seen.Name), JsonSerializer.SerializeToUtf8Bytes(new Entry(seen.Name, seen.Version, arrival, options) { Content = input.Content }, JournalJson.Default.Entry));
        }
    }

    private static bool Same(JobInput input, string earlier) => (input.Seen?.Name ?? input.Shown) == earlier;

    private static string Quoted(string name, bool whole = false) =>
        name == Input.ReplayInput.StandardInput ? name
        : !whole && name.TrimEnd('/', Path.DirectorySeparatorChar) is { } trimmed && trimmed[(trimmed.LastIndexOfAny(['/', Path.DirectorySeparatorChar]) + 1)..] is { Length: > 0 } last ? $"'{last}'"
        : $"'{name}'";

    // The job itself, by content; and where an input was seen (the key earlier versions kept the job under, so a rerun
    // of an input they wrote still finds its arrival).
    private static string ContentKey(string command, string content) => $"{LakeFolder.StateFolder}/runs/{command}-content-{content[..Math.Min(32, content.Length)]}.json";

    private static string SeenKey(string command, string name) => $"{LakeFolder.StateFolder}/runs/{command}-{Hash(name)}.json";

    private static Entry? Read(string path, byte[] stored)
    {
        try
        {
            return JsonSerializer.Deserialize(stored, JournalJson.Default.Entry)
                ?? throw new ReplayException($"the run journal '{path}' is empty; remove it if no run of this input is to be finished.");
        }
        catch (JsonException e)
        {
            throw new ReplayException($"the run journal '{path}' is damaged ({e.Message}); remove it if no run of this input is to be finished.", e);
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    /// <summary>One run's record.</summary>
    /// <param name="Input">Where the input was read (the first time, for the job's own record).</param>
    /// <param name="Identity">That input's version then: size and time of last change, or ETag; empty for standard input.</param>
    /// <param name="Arrival">The job's arrival.</param>
    /// <param name="Options">The options that shaped its objects.</param>
    internal sealed record Entry(string Input, string Identity, DateTimeOffset Arrival, IReadOnlyDictionary<string, string> Options)
    {
        /// <summary>The content hash of the input (absent in journals of earlier versions, which knew inputs by name).</summary>
        public string? Content { get; init; }
    }
}
