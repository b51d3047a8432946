using System.Text;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint.Tests;

public sealed class PipeDefinitionsTests
{
    [Test]
    public void DefaultFilter_PassesTheThreeEventNames()
    {
        Assert.That(PipeDefinitions.FilterPatterns(Settings.Read()), Is.EqualTo(new[] { """{"eventName":["INSERT","MODIFY","REMOVE"]}""" }));
    }

    [Test]
    public void ExcludingTtlDeletes_AddsAPatternForRemovesWithoutUserIdentity()
    {
        LakeSettings settings = Settings.Read("dev", (SettingKeys.ExcludeTtlDeletes, "true"));

        Assert.That(PipeDefinitions.FilterPatterns(settings), Is.EqualTo(new[]
        {
            """{"eventName":["INSERT","MODIFY"]}""",
            """{"eventName":["REMOVE"],"userIdentity":{"principalId":[{"exists":false}]}}""",
        }));
    }

    [Test]
    public void OnlyRemovesWithoutTtl_IsOnePattern()
    {
        LakeSettings settings = Settings.Read("dev", (SettingKeys.EventNames, "REMOVE"), (SettingKeys.ExcludeTtlDeletes, "true"));

        Assert.That(PipeDefinitions.FilterPatterns(settings), Is.EqualTo(new[]
        {
            """{"eventName":["REMOVE"],"userIdentity":{"principalId":[{"exists":false}]}}""",
        }));
    }

    [Test]
    public void FilterPatterns_FitPipesLimit()
    {
        LakeSettings settings = Settings.Read("dev", (SettingKeys.ExcludeTtlDeletes, "true"));

        Assert.That(PipeDefinitions.FilterPatterns(settings), Has.All.Length.LessThanOrEqualTo(PipeDefinitions.MaxPatternLength));
    }

    [Test]
    public void InputTemplate_IsTheContract()
    {
        Assert.That(PipeDefinitions.InputTemplate, Is.EqualTo("""{"eventId":"<$.eventID>","eventName":"<$.eventName>","dynamodb":<$.dynamodb>}"""));
    }

    [Test]
    public void InputTemplate_RenderedForAStreamRecord_IsAcceptedByTheFunction()
    {
        // A stream record as DynamoDB documents it, rendered by plain substitution of the three placeholders.
        const string dynamodb = """{"ApproximateCreationDateTime":1479499740,"Keys":{"id":{"S":"a"}},"NewImage":{"id":{"S":"a"},"siteId":{"S":"s1"},"createdAtTime":{"N":"1704067620000"}},"SequenceNumber":"13021600000000001596893679","SizeBytes":112,"StreamViewType":"NEW_AND_OLD_IMAGES"}""";
        string rendered = PipeDefinitions.InputTemplate
            .Replace("<$.eventID>", "1", StringComparison.Ordinal)
            .Replace("<$.eventName>", "INSERT", StringComparison.Ordinal)
            .Replace("<$.dynamodb>", dynamodb, StringComparison.Ordinal);
        var transformer = new RecordTransformer(PartitioningOptions.Default);

        TransformOutcome outcome = transformer.Transform(Encoding.UTF8.GetBytes(rendered));

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.None));
        Assert.That(Encoding.UTF8.GetString(transformer.Line), Is.EqualTo(
            """{"id":"a","siteId":"s1","createdAtTime":1704067620000,"_op":"I","_eventId":"1","_seq":"13021600000000001596893679","_ts":"2016-11-18T20:09:00Z"}""" + "\n"));
    }
}
