using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>
/// A stack's settings as its file would give them: the region eu-west-1, one table, <c>orders</c> (the samples' table),
/// and the values named; a stack key of a per-table field is then that table's.
/// </summary>
internal static class Stacks
{
    public static LakeSettings Read(string stack, params (string Key, string Value)[] values)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingKeys.Region] = "eu-west-1",
            [SettingKeys.Tables] = """[{"name":"orders"}]""",
        };
        foreach ((string key, string value) in values)
        {
            config[key] = value;
        }

        return SettingsReader.Read(stack, key => config.GetValueOrDefault(key));
    }
}
