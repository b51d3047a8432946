using System.Text;
using PipesLake.Partitioning;

namespace PipesLake.Blueprint.Tests;

public sealed class PipeDefinitionsTests
{
    [Test]
    public void DefaultFilter_PassesTheThreeEventNames()
    {
        Assert.That(PipeDefinitions.FilterPatterns(Settings.Table()), Is.EqualTo(new[] { """{"eventName":["INSERT","MODIFY","REMOVE"]}""" }));
    }

    [Test]
    public void ExcludingTtlDeletes_AddsAPatternForRemovesWithoutUserIdentity()
    {
        TableSettings settings = Settings.Table("dev", (SettingKeys.ExcludeTtlDeletes, "true"));

        Assert.That(PipeDefinitions.FilterPatterns(settings), Is.EqualTo(new[]
        {
            """{"eventName":["INSERT","MODIFY"]}""",
            """{"eventName":["REMOVE"],"userIdentity":{"principalId":[{"exists":false}]}}""",
        }));
    }

    [Test]
    public void OnlyRemovesWithoutTtl_IsOnePattern()
    {
        TableSettings settings = Settings.Table("dev", (SettingKeys.EventNames, "REMOVE"), (SettingKeys.ExcludeTtlDeletes, "true"));

        Assert.That(PipeDefinitions.FilterPatterns(settings), Is.EqualTo(new[]
        {
            """{"eventName":["REMOVE"],"userIdentity":{"principalId":[{"exists":false}]}}""",
        }));
    }

    [Test]
    public void FilterPatterns_FitPipesLimit()
    {
        TableSettings settings = Settings.Table("dev", (SettingKeys.ExcludeTtlDeletes, "true"));

        Assert.That(PipeDefinitions.FilterPatterns(settings), Has.All.Length.LessThanOrEqualTo(PipeDefinitions.MaxPatternLength));
    }

    [Test]
    public void InputTemplate_IsTheContract_WithTheTablesPartitioningRulesFirst()
    {
        Assert.That(PipeDefinitions.InputTemplate(Settings.Table()), Is.EqualTo(
            """{"partitioning":{"siteAttribute":"siteId","timeAttribute":"createdAtTime","partitionTime":"item"},"eventId":"<$.eventID>","eventName":"<$.eventName>","dynamodb":<$.dynamodb>}"""));
    }

    [Test]
    public void InputTemplate_EscapesWhatCouldLookLikeAPlaceholder()
    {
        // An attribute named "<$.x>" is static text in the template: its angle brackets are JSON escapes, no placeholder.
        TableSettings table = Settings.Table("dev", (SettingKeys.SiteAttribute, "<$.x>"));

        Assert.That(PipeDefinitions.InputTemplate(table), Does.StartWith("""{"partitioning":{"siteAttribute":"\u003C$.x\u003E","""));
    }

    [Test]
    public void CustomFilter_IsInEveryPattern_BesideTheEventNamesAndTtlRule()
    {
        TableSettings table = Settings.Table("dev", (SettingKeys.ExcludeTtlDeletes, "true")) with { Filter = """{"dynamodb":{"NewImage":{"kind":{"S":["order"]}}}}""" };

        Assert.That(PipeDefinitions.FilterPatterns(table), Is.EqualTo(new[]
        {
            """{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"kind":{"S":["order"]}}}}""",
            """{"eventName":["REMOVE"],"userIdentity":{"principalId":[{"exists":false}]},"dynamodb":{"NewImage":{"kind":{"S":["order"]}}}}""",
        }));
    }

    [Test]
    public void InputTemplate_RenderedForAStreamRecord_IsAcceptedByTheFunction()
    {
        // A stream record as DynamoDB documents it, rendered by plain substitution of the three placeholders; the
        // function reads the table's rules from it (here an item time of "at" rather than the function's default).
        const string dynamodb = """{"ApproximateCreationDateTime":1479499740,"Keys":{"id":{"S":"a"}},"NewImage":{"id":{"S":"a"},"siteId":{"S":"s1"},"at":{"N":"1704067620000"}},"SequenceNumber":"13021600000000001596893679","SizeBytes":112,"StreamViewType":"NEW_AND_OLD_IMAGES"}""";
        string rendered = PipeDefinitions.InputTemplate(Settings.Table("dev", (SettingKeys.TimeAttribute, "at")))
            .Replace("<$.eventID>", "1", StringComparison.Ordinal)
            .Replace("<$.eventName>", "INSERT", StringComparison.Ordinal)
            .Replace("<$.dynamodb>", dynamodb, StringComparison.Ordinal);
        var transformer = new PartitioningFunction(PartitioningOptions.Default);

        TransformOutcome outcome = transformer.Transform(Encoding.UTF8.GetBytes(rendered));

        Assert.That(outcome.Failure, Is.EqualTo(RecordFailure.None));
        Assert.That(Encoding.UTF8.GetString(transformer.Line), Is.EqualTo(
            """{"id":"a","siteId":"s1","at":1704067620000,"_op":"I","_eventId":"1","_seq":"13021600000000001596893679","_ts":"2016-11-18T20:09:00Z"}""" + "\n"));
        Assert.That(outcome.Key.Time.Minute, Is.EqualTo(7), "partitioned by the table's time attribute");
    }
}
