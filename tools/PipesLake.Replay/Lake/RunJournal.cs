using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Lake;

/// <summary>
/// What a run of a command over one input wrote into a lake with, kept under <c>.pipeslake/runs/</c> before
/// its first object: the arrival time and every option that shapes the objects. A rerun over the same input
/// takes the same arrival and must have the same options, so it writes the very objects the first run
/// wrote (found there, not written twice) and then the rest; with other options it would write the same
/// records again under other names, so it stops and says which option differs.
/// </summary>
internal static class RunJournal
{
    /// <summary>Records or resumes a run; returns the arrival time to use.</summary>
    /// <param name="lake">The lake the run writes.</param>
    /// <param name="command">The command, e.g. <c>replay</c>.</param>
    /// <param name="input">The input's name and version (size and time of last change, or ETag): they identify the run.</param>
    /// <param name="options">The options that shape the objects, as the user would write them.</param>
    /// <param name="arrival">The arrival time asked for, or null for "now" (or the run's, when resuming).</param>
    /// <exception cref="ReplayException">This input was written into this lake with another arrival or options.</exception>
    public static DateTimeOffset Begin(IObjectStore lake, string command, (string Name, string Version) input, IReadOnlyDictionary<string, string> options, DateTimeOffset? arrival)
    {
        string key = $"{LakeFolder.StateFolder}/runs/{command}-{Hash(input.Name)}.json";
        string shown = input.Name[(input.Name.LastIndexOfAny(['/', Path.DirectorySeparatorChar]) + 1)..];
        if (lake.ReadState(key) is { } stored)
        {
            Entry earlier = Read(key, stored);
            if (earlier.Input == input.Name && earlier.Identity == input.Version)
            {
                if (arrival is { } asked && asked != earlier.Arrival)
                {
                    throw new ReplayException(string.Create(CultureInfo.InvariantCulture,
                        $"'{shown}' was already written into this lake with --arrival {Format(earlier.Arrival)}; rerun with that arrival (or none) to finish it, or use another lake: another arrival would write its records twice."));
                }

                foreach ((string option, string value) in earlier.Options)
                {
                    string now = options.GetValueOrDefault(option, "(none)");
                    if (now != value)
                    {
                        throw new ReplayException($"'{shown}' was already written into this lake with {option} {value} (now {now}); rerun with the same options to finish it, or use another lake: other options would write its records twice.");
                    }
                }

                return earlier.Arrival;
            }
        }

        var entry = new Entry(input.Name, input.Version, arrival ?? DateTimeOffset.UtcNow, options);
        lake.PutState(key, JsonSerializer.SerializeToUtf8Bytes(entry, JournalJson.Default.Entry));
        return entry.Arrival;
    }

    /// <summary>The settings that shape a run's objects, by their keys in the stack file, and the compression.</summary>
    public static Dictionary<string, string> Options(LakeSettings settings, bool gzip) => new(StringComparer.Ordinal)
    {
        ["--stack-file of stack"] = settings.Stack,
        [SettingKeys.Region] = settings.Region,
        [SettingKeys.TableName] = settings.TableName,
        [SettingKeys.BufferSizeMiB] = settings.BufferSizeMiB.ToString(CultureInfo.InvariantCulture),
        [SettingKeys.BufferIntervalSeconds] = settings.BufferIntervalSeconds.ToString(CultureInfo.InvariantCulture),
        [SettingKeys.SiteAttribute] = settings.SiteAttribute,
        [SettingKeys.TimeAttribute] = settings.TimeAttribute,
        [SettingKeys.PartitionTime] = settings.PartitionTime.ToString(),
        [SettingKeys.EventNames] = string.Join(',', settings.EventNames),
        [SettingKeys.ExcludeTtlDeletes] = settings.ExcludeTtlDeletes ? "true" : "false",
        ["--gzip"] = gzip ? "true" : "false",
    };

    /// <summary>The arrival time as <c>--arrival</c> takes it.</summary>
    public static string Format(DateTimeOffset arrival) => arrival.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    private static Entry Read(string path, byte[] stored)
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
    internal sealed record Entry(string Input, string Identity, DateTimeOffset Arrival, IReadOnlyDictionary<string, string> Options);
}
