using System.Text;
using System.Text.Json;
using PipesLake.Partitioning;

namespace PipesLake.Partitioner.Tests;

/// <summary>
/// The same request bytes through the deployed path (<see cref="DeployedPath"/>: Lambda's serializer, the
/// handler, the serializer again) and through <c>pipeslake-replay transform</c>'s code
/// (<see cref="FirehoseEventJson.Transform"/>): both accept it with byte-identical responses, or both refuse it.
/// </summary>
public sealed class ParityTests
{
    private const string Valid = """{"recordId":"r1","data":"eyJ9"}""";

    private static IEnumerable<TestCaseData> Requests()
    {
        byte[] fixture = DeployedPath.Fixture("firehose-event.json");
        yield return Accepted("the fixture", fixture);
        yield return Accepted("the fixture after a UTF-8 byte-order mark", [0xEF, 0xBB, 0xBF, .. fixture]);
        yield return Accepted("approximateArrivalTimestamp a string", $$"""{"invocationId":"i","records":[{"recordId":"r1","approximateArrivalTimestamp":"soon","data":"eyJ9"}]}""");
        yield return Accepted("approximateArrivalTimestamp a float", $$"""{"records":[{"recordId":"r1","approximateArrivalTimestamp":1.5,"data":"eyJ9"}]}""");
        yield return Accepted("unknown and unread fields", $$"""{"invocationId":"i","deliveryStreamArn":"arn","region":"eu-west-1","records":[{"recordId":"r1","kinesisRecordMetadata":{"shardId":"s"},"data":"eyJ9"}]}""");
        yield return Accepted("Data capitalised: a record without data fails alone", $$"""{"records":[{"recordId":"r1","Data":"eyJ9"}]}""");
        yield return Accepted("an empty records array", """{"records":[]}""");
        yield return Accepted("records of two tables, each with its rules", FunctionTests.TwoTables());
        yield return Accepted("records given twice: the last counts", $$"""{"records":[{"recordId":"r0","data":"eyJ9"}],"records":[{{Valid}}]}""");
        yield return Accepted("recordId given twice: the last counts", """{"records":[{"recordId":"r0","recordId":"r1","data":"eyJ9"}]}""");

        yield return Refused("Records capitalised", $$"""{"Records":[{{Valid}}]}""", FirehoseRequestRules.NoRecords().Message);
        yield return Refused("RecordId capitalised", $$"""{"records":[{"RecordId":"r1","data":"eyJ9"}]}""", FirehoseRequestRules.NoRecordId(0).Message);
        yield return Refused("no records", """{"invocationId":"i"}""", FirehoseRequestRules.NoRecords().Message);
        yield return Refused("records null", """{"records":null}""", FirehoseRequestRules.NoRecords().Message);
        yield return Refused("a JSON null body", "null", FirehoseRequestRules.NoRecords().Message);
        yield return Refused("a record without recordId", $$"""{"records":[{{Valid}},{"data":"eyJ9"}]}""", FirehoseRequestRules.NoRecordId(1).Message);
        yield return Refused("recordId null", """{"records":[{"recordId":null,"data":"eyJ9"}]}""", FirehoseRequestRules.NoRecordId(0).Message);
        yield return Refused("a null record", """{"records":[null]}""", FirehoseRequestRules.RecordNotAnObject(0).Message);
        yield return Refused("a record that is a number", """{"records":[5]}""", null);
        yield return Refused("recordId a number", """{"records":[{"recordId":5,"data":"eyJ9"}]}""", null);
        yield return Refused("data a number", """{"records":[{"recordId":"r1","data":5}]}""", null);
        yield return Refused("invocationId a number", $$"""{"invocationId":5,"records":[{{Valid}}]}""", null);
        yield return Refused("records an object", """{"records":{}}""", null);
        yield return Refused("an array body", "[]", null);
        yield return Refused("a comment", $$"""{"records":[{{Valid}}] /* c */}""", null);
        yield return Refused("trailing content", $$"""{"records":[{{Valid}}]} x""", null);
        yield return Refused("an empty body", "", null);
    }

    [TestCaseSource(nameof(Requests))]
    public void Request_GetsTheSameAnswerFromBothPaths(byte[] request, bool accepted, string? rule)
    {
        (byte[]? deployed, Exception? deployedError) = Run(() => DeployedPath.Invoke(request));
        (byte[]? local, Exception? localError) = Run(() =>
        {
            using var output = new MemoryStream();
            FirehoseEventJson.Transform(request, PartitioningOptions.Default, output);
            return output.ToArray();
        });

        if (accepted)
        {
            Assert.That((deployedError?.Message, localError?.Message), Is.EqualTo(((string?)null, (string?)null)));
            Assert.That(Encoding.UTF8.GetString(local!), Is.EqualTo(Encoding.UTF8.GetString(deployed!)));
        }
        else
        {
            Assert.That((deployed, local), Is.EqualTo(((byte[]?)null, (byte[]?)null)), "both refuse");
            Assert.That(localError, Is.InstanceOf<JsonException>());
            if (rule is not null)
            {
                Assert.That((deployedError!.Message, localError!.Message), Is.EqualTo((rule, rule)));
            }
        }
    }

    [Test]
    public void NoRecordWithoutAnId_IsEverAnsweredOk()
    {
        (byte[]? deployed, _) = Run(() => DeployedPath.Invoke(Encoding.UTF8.GetBytes("""{"records":[{"data":"eyJ9"}]}""")));

        Assert.That(deployed, Is.Null);
    }

    private static (byte[]? Response, Exception? Error) Run(Func<byte[]> path)
    {
        try
        {
            return (path(), null);
        }
        catch (Exception e) when (e is JsonException or Amazon.Lambda.Serialization.SystemTextJson.JsonSerializerException)
        {
            return (null, e);
        }
    }

    private static TestCaseData Accepted(string name, string request) => Accepted(name, Encoding.UTF8.GetBytes(request));

    private static TestCaseData Accepted(string name, byte[] request) => new TestCaseData(request, true, null).SetArgDisplayNames(name);

    private static TestCaseData Refused(string name, string request, string? rule) => new TestCaseData(Encoding.UTF8.GetBytes(request), false, rule).SetArgDisplayNames(name);
}
