namespace PipesLake.Blueprint.Tests;

public sealed class HiveTypeTests
{
    [TestCase("string", "string", "varchar", "VARCHAR")]
    [TestCase("INT", "int", "integer", "INTEGER")]
    [TestCase("bigint", "bigint", "bigint", "BIGINT")]
    [TestCase("float", "float", "real", "FLOAT")]
    [TestCase("decimal(38, 9)", "decimal(38,9)", "decimal(38,9)", "DECIMAL(38,9)")]
    [TestCase("decimal", "decimal(10,0)", "decimal(10,0)", "DECIMAL(10,0)")]
    [TestCase("varchar(20)", "varchar(20)", "varchar(20)", "VARCHAR")]
    [TestCase("binary", "binary", "varbinary", "BLOB")]
    [TestCase("array<string>", "array<string>", "array(varchar)", "VARCHAR[]")]
    [TestCase("map<string, array<int>>", "map<string,array<int>>", "map(varchar,array(integer))", "MAP(VARCHAR, INTEGER[])")]
    [TestCase("struct<a:int, b:struct<c:timestamp>>", "struct<a:int,b:struct<c:timestamp>>", "row(a integer,b row(c timestamp))", "STRUCT(\"a\" INTEGER, \"b\" STRUCT(\"c\" TIMESTAMP))")]
    public void AthenaType_IsSpelledForEachEngine(string text, string hive, string trino, string duckDb)
    {
        Assert.That(HiveType.TryParse(text, out HiveType? type, out string? problem), Is.True, problem);
        Assert.That((type!.ToString(), type.ToTrino(), type.ToDuckDb()), Is.EqualTo((hive, trino, duckDb)));
    }

    [TestCase("text", "'text' is not an Athena type")]
    [TestCase("array<>", "unexpected '>'")]
    [TestCase("array<string", "expected '>' at the end")]
    [TestCase("map<array<int>,string>", "a map key must be a primitive type")]
    [TestCase("decimal(39,2)", "decimal(p,s) needs 1 <= p <= 38 and 0 <= s <= p")]
    [TestCase("struct<a:int,a:int>", "the struct field 'a' appears twice")]
    [TestCase("string string", "unexpected 'string'")]
    public void AnythingElse_IsRefusedWithAReason(string text, string reason)
    {
        Assert.That(HiveType.TryParse(text, out _, out string? problem), Is.False);
        Assert.That(problem, Is.EqualTo(reason));
    }
}
