namespace PipesLake.Blueprint.Tests;

internal static class Settings
{
    public static LakeSettings Read(string stack = "dev", params (string Key, string Value)[] values)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal) { [SettingKeys.Region] = "eu-west-1" };
        foreach ((string key, string value) in values)
        {
            config[key] = value;
        }

        return SettingsReader.Read(stack, key => config.GetValueOrDefault(key));
    }
}
