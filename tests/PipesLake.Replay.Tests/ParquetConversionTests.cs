using System.Text;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

/// <summary>How a lake line's values are read into the Parquet columns, case by case.</summary>
public sealed class ParquetConversionTests
{
    private static readonly ParquetConversion s_conversion =
        ParquetConversion.For(Stacks.Read("dev", (SettingKeys.Format, "parquet"), (SettingKeys.Columns, "amount:double,count:int,flag:boolean,level:tinyint")).Tables.Single())!;

    [TestCase("{\"amount\":1.5,\"count\":3,\"flag\":true,\"level\":-128}", null)]
    [TestCase("{\"AMOUNT\":\"2.5\",\"Count\":\"7\",\"FLAG\":\"False\"}", null)]
    [TestCase("{\"amount\":null,\"other\":{\"x\":[1,2]}}", null)]
    [TestCase("{\"amount\":\"abc\"}", "column 'amount' (double): not a number")]
    [TestCase("{\"count\":1.5}", "column 'count' (int): not a whole number")]
    [TestCase("{\"count\":2147483648}", "column 'count' (int): 2147483648 is out of range")]
    [TestCase("{\"level\":128}", "column 'level' (tinyint): 128 is out of range")]
    [TestCase("{\"flag\":1}", "column 'flag' (boolean): not true or false")]
    [TestCase("[1]", "the line is not a JSON object")]
    [TestCase("{\"amount\":", "the line is not well-formed JSON")]
    public void Problem_NamesTheColumnAndWhy(string line, string? expected) =>
        Assert.That(s_conversion.Problem(Encoding.UTF8.GetBytes(line)), Is.EqualTo(expected));

    [Test]
    public void Columns_AreTheChangesTablesGlueNames() =>
        Assert.That(s_conversion.Names, Is.EqualTo(new[] { "id", "createdattime", "amount", "count", "flag", "level", "_op", "_eventid", "_seq", "_ts", "_item" }));

    [Test]
    public void AColumnOfATypeNotWritten_IsRefusedNamingIt()
    {
        LakeSettings settings = Stacks.Read("dev", (SettingKeys.Format, "parquet"), (SettingKeys.Columns, "tags:array<string>"));

        Assert.That(() => ParquetConversion.For(settings.Tables.Single()), Throws.TypeOf<ReplayException>().With.Message.EqualTo(
            "columns of the table orders: 'tags' is array<string>; the offline tools write Parquet columns of string, varchar, char, bigint, int, smallint, tinyint, double, float and boolean only so far."));
    }
}
