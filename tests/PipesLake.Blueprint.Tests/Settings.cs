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

    /// <summary>The tables of the shipped dev stack file: orders, created, and inventory, existing.</summary>
    public const string DevTables = """[{"name":"orders"},{"name":"inventory","existing":true,"siteAttribute":"warehouseId","timeAttribute":"createdAt","columns":"sku:string,quantity:int"}]""";

    /// <summary>A stack of the shipped dev stack file's two tables, and <paramref name="values"/>.</summary>
    public static LakeSettings TwoTables(string stack = "dev", params (string Key, string Value)[] values) => Read(stack, [(SettingKeys.Tables, DevTables), .. values]);

    /// <summary>The orders table of the two-table stack: the stack's keys of <paramref name="values"/> are its settings, as it sets none of its own.</summary>
    public static TableSettings Table(string stack = "dev", params (string Key, string Value)[] values) => TwoTables(stack, values).Tables[0];
}
