using System.Text.Json;

namespace PipesLake.Partitioning.Tests;

/// <summary>A Parquet lake's lines: the JSON lake's line, plus that very line as the string <c>_item</c>.</summary>
public sealed class ItemColumnTests
{
    private static readonly PartitioningOptions s_parquet = PartitioningOptions.Default with { ItemColumn = true };

    [Test]
    public void Line_CarriesTheJsonLakesLine_AsItsLastProperty()
    {
        string image = Contract.Image("\"note\":{\"S\":\"say \\\"hi\\\" \\\\ ünï\"},\"n\":{\"N\":\"1.50\"},\"m\":{\"M\":{\"a\":{\"BOOL\":true}}}");
        string json = Contract.Transform(Contract.Record(image)).Line;

        var (outcome, line) = Contract.Transform(Contract.Record(image), s_parquet);

        Assert.That(outcome.IsOk, Is.True);
        // Hand-worked: the JSON line without its closing brace and newline, the column, then the brace.
        Assert.That(line, Is.EqualTo(json[..^2] + ",\"_item\":" + JsonSerializer.Serialize(json[..^1], s_relaxed) + "}\n"));
        using JsonDocument document = JsonDocument.Parse(line);
        Assert.That(document.RootElement.GetProperty("_item").GetString() + "\n", Is.EqualTo(json), "unescaped, byte for byte the JSON lake's line");
    }

    [Test]
    public void AttributeNamedItem_IsReservedOnlyInAParquetLake()
    {
        string record = Contract.Record(Contract.Image("\"_item\":{\"S\":\"x\"}"));

        Assert.That(Contract.Transform(record, s_parquet).Outcome.Failure, Is.EqualTo(RecordFailure.ReservedAttributeName));
        Assert.That(Contract.Transform(record).Outcome.IsOk, Is.True);
    }

    [TestCase("true", true)]
    [TestCase(null, false)]
    public void Environment_TurnsTheColumnOn(string? value, bool expected) =>
        Assert.That(PartitioningOptions.FromEnvironment(name => name == PartitionerEnvironment.ItemColumn ? value : null).ItemColumn, Is.EqualTo(expected));

    [Test]
    public void Environment_RefusesAnythingButTrueOrFalse() =>
        Assert.That(() => PartitioningOptions.FromEnvironment(name => name == PartitionerEnvironment.ItemColumn ? "yes" : null),
            Throws.ArgumentException.With.Message.EqualTo("PIPESLAKE_ITEM_COLUMN must be true or false; got 'yes'."));

    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
