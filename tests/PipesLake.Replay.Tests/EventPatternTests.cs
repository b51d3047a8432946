using System.Text.Json;

namespace PipesLake.Replay.Tests;

public sealed class EventPatternTests
{
    // Examples worked by hand from the EventBridge content-filtering documentation.
    [TestCase("""{"eventName":["INSERT"]}""", """{"eventName":"INSERT"}""", true)]
    [TestCase("""{"eventName":["INSERT"]}""", """{"eventName":"MODIFY"}""", false)]
    [TestCase("""{"eventName":["INSERT"]}""", """{}""", false)]
    [TestCase("""{"size":[5]}""", """{"size":5.0}""", true)]
    [TestCase("""{"tags":["a"]}""", """{"tags":["b","a"]}""", true)]
    [TestCase("""{"ok":[true]}""", """{"ok":false}""", false)]
    [TestCase("""{"gone":[null]}""", """{"gone":null}""", true)]
    [TestCase("""{"a":{"b":["x"]}}""", """{"a":{"b":"x"}}""", true)]
    [TestCase("""{"a":{"b":["x"]}}""", """{"a":"x"}""", false)]
    [TestCase("""{"a":[{"exists":true}]}""", """{"a":0}""", true)]
    [TestCase("""{"a":[{"exists":true}]}""", """{}""", false)]
    [TestCase("""{"a":[{"exists":false}]}""", """{}""", true)]
    [TestCase("""{"a":[{"exists":false}]}""", """{"a":null}""", false)]
    [TestCase("""{"u":{"p":[{"exists":false}]}}""", """{"eventName":"REMOVE"}""", true)]
    [TestCase("""{"u":{"p":[{"exists":false}]}}""", """{"u":{"p":"dynamodb.amazonaws.com"}}""", false)]
    [TestCase("""{"a":[{"anything-but":"x"}]}""", """{"a":"y"}""", true)]
    [TestCase("""{"a":[{"anything-but":"x"}]}""", """{"a":"x"}""", false)]
    [TestCase("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":"y"}""", false)]
    [TestCase("""{"a":[{"anything-but":"x"}]}""", """{}""", false)]
    [TestCase("""{"a":[{"prefix":"site-"}]}""", """{"a":"site-7"}""", true)]
    [TestCase("""{"a":[{"prefix":"site-"}]}""", """{"a":"plant-7"}""", false)]
    [TestCase("""{"n":[{"numeric":[">",0,"<=",5]}]}""", """{"n":5}""", true)]
    [TestCase("""{"n":[{"numeric":[">",0,"<=",5]}]}""", """{"n":0}""", false)]
    [TestCase("""{"n":[{"numeric":["=",3]}]}""", """{"n":"3"}""", false)]
    [TestCase("""{"a":["x"],"b":["y"]}""", """{"a":"x","b":"z"}""", false)]
    public void Pattern_MatchesAsEventBridgeDoes(string pattern, string record, bool expected)
    {
        using JsonDocument document = JsonDocument.Parse(record);

        Assert.That(EventPattern.Parse(pattern).Matches(document.RootElement), Is.EqualTo(expected));
    }

    [TestCase("""{"a":[{"suffix":".png"}]}""", "Filter field 'a' uses operator 'suffix', which the replay does not implement; it supports exact values, exists, anything-but, prefix and numeric.")]
    [TestCase("""{"a":[{"equals-ignore-case":"x"}]}""", "Filter field 'a' uses operator 'equals-ignore-case', which the replay does not implement; it supports exact values, exists, anything-but, prefix and numeric.")]
    [TestCase("""{"a":[{"numeric":[">"]}]}""", "Filter field 'a' has a numeric rule that is not [op, number] or [op, number, op, number].")]
    [TestCase("""{"a":"x"}""", "Filter field 'a' must hold an array of values or a nested object.")]
    [TestCase("""["a"]""", "A filter pattern is a JSON object.")]
    public void UnsupportedPattern_IsRefusedWithAClearError(string pattern, string message)
    {
        var error = Assert.Throws<ReplayException>(() => EventPattern.Parse(pattern));

        Assert.That(error!.Message, Is.EqualTo(message));
    }
}
