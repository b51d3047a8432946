using System.Buffers;
using System.Text;
using System.Text.Json;
using PipesLake.Blueprint;

namespace PipesLake.Replay.Tests;

public sealed class InputTemplateTests
{
    private static readonly PipeVariables s_variables = new(
        "arn:aws:pipes:eu-west-1:000000000000:pipe/p", "p", "arn:source", "arn:target", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [TestCase("""{"id":"<$.id>"}""", """{"id":"a\"b"}""")]
    [TestCase("""{"id":<$.id>}""", """{"id":"a\"b"}""")]
    [TestCase("""{"n":<$.n>,"s":"<$.n>"}""", """{"n":12.50,"s":"12.50"}""")]
    [TestCase("""{"o":<$.o>}""", """{"o":{"k":[1,2]}}""")]
    [TestCase("""{"o":"<$.o>"}""", """{"o":"{\"k\":[1,2]}"}""")]
    [TestCase("""{"first":<$.o.k[0]>}""", """{"first":1}""")]
    [TestCase("""{"missing":<$.nope>,"quoted":"<$.nope>"}""", """{"missing":null,"quoted":""}""")]
    [TestCase("""{"pipe":"<aws.pipes.pipe-name>","at":"<aws.pipes.event.ingestion-time>"}""", """{"pipe":"p","at":"2024-01-01T00:00:00.000Z"}""")]
    [TestCase("""{"event":<aws.pipes.event.json>}""", """{"event":{"id":"a\"b","n":12.50,"o":{"k":[1,2]}}}""")]
    [TestCase("plain text <$.id>!", "plain text \"a\\\"b\"!")]
    public void Placeholder_RendersAsPipesDocuments(string template, string expected)
    {
        Assert.That(Render(template, """{"id":"a\"b","n":12.50,"o":{"k":[1,2]}}"""), Is.EqualTo(expected));
    }

    [Test]
    public void StackTemplate_RendersTheFunctionsContract_WithTheTablesRulesFirst()
    {
        const string record = """{"eventID":"e1","eventName":"INSERT","eventSource":"aws:dynamodb","dynamodb":{"ApproximateCreationDateTime":1479499740,"NewImage":{"id":{"S":"a"}},"SequenceNumber":"111"}}""";
        TableSettings inventory = Stacks.Read("dev", (SettingKeys.Tables, """[{"name":"inventory","siteAttribute":"warehouseId","timeAttribute":"updated\"At","partitionTime":"change"}]""")).Tables.Single();

        Assert.That(Render(PipeDefinitions.InputTemplate(inventory), record), Is.EqualTo(
            """{"partitioning":{"siteAttribute":"warehouseId","timeAttribute":"updated\u0022At","partitionTime":"change"},"eventId":"e1","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1479499740,"NewImage":{"id":{"S":"a"}},"SequenceNumber":"111"}}"""));
    }

    [Test]
    public void UnknownReservedVariable_IsRefused()
    {
        var error = Assert.Throws<ReplayException>(() => InputTemplate.Parse("<aws.pipes.nope>", s_variables));

        Assert.That(error!.Message, Is.EqualTo("The input template uses <aws.pipes.nope>, which is not a Pipes reserved variable."));
    }

    private static string Render(string template, string record)
    {
        using JsonDocument document = JsonDocument.Parse(record);
        var output = new ArrayBufferWriter<byte>();
        InputTemplate.Parse(template, s_variables).Render(document.RootElement, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
