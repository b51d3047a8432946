using System.Text.Json;
using PipesLake.Blueprint.Filtering;

namespace PipesLake.Blueprint.Tests;

/// <summary>
/// The last differences measured between the replay's filter and aws/event-ruler (the engine behind EventBridge and
/// Pipes), each decided as the ruler's sources decide it; the expected values are worked by hand from those sources.
/// </summary>
public sealed class EventRulerParityTests
{
    // Patterns JsonRuleCompiler refuses (its barf messages in brackets), each one line here, as PutPipe would refuse it.
    [TestCase("""{}""", "A filter pattern may not be empty: {} is refused.")] // "Empty objects are not allowed"
    [TestCase("""{"a":{}}""", "Filter field 'a' is an empty object; empty objects are not allowed.")]
    [TestCase("""{"a":[]}""", "Filter field 'a' is an empty list; it needs at least one value or rule.")] // "Empty arrays are not allowed"
    [TestCase("""{"d":{"New":{"siteId":{"S":[]}}}}""", "Filter field 'd.New.siteId.S' is an empty list; it needs at least one value or rule.")]
    [TestCase("""{"d":{"n":[{"numeric":[">",5,">",6]}]}}""", "Filter field 'd.n' has a malformed 'numeric' rule: a range is a lower bound (\">\" or \">=\") then an upper one (\"<\" or \"<=\"), and \"=\" stands alone.")]
    [TestCase("""{"a":["x"],"a":["y"]}""", "Filter field 'a' is given more than once; the ruler allows each path once.")] // "Path `a` cannot be allowed multiple times"
    [TestCase("""{"a.b":["x"],"a":{"b":["y"]}}""", "Filter field 'a.b' is given more than once; the ruler allows each path once.")]
    [TestCase("""{"n":[{"numeric":["=",5,"<",6]}]}""", Range)] // "Too many elements in numeric expression"
    [TestCase("""{"n":[{"numeric":["<",6,">",5]}]}""", Range)] // "Too many elements in numeric expression"
    [TestCase("""{"n":[{"numeric":[">",5,">",6]}]}""", Range)] // "Bad numeric range operator: >"
    [TestCase("""{"n":[{"numeric":[">",5,"<",5]}]}""", "Filter field 'n' has a malformed 'numeric' rule: its lower bound must lie below its upper bound.")] // "Bottom must be less than top"
    [TestCase("""{"n":[{"numeric":[">=",6,"<=",5]}]}""", "Filter field 'n' has a malformed 'numeric' rule: its lower bound must lie below its upper bound.")]
    [TestCase("""{"n":[{"numeric":[">",12345678901234567890]}]}""", "Filter field 'n' has a malformed 'numeric' rule: 12345678901234567890 is no double exactly, so no value can be compared with it.")] // "Cannot compare number"
    [TestCase("""{"n":[{"numeric":["<",1e400]}]}""", "Filter field 'n' has a malformed 'numeric' rule: 1e400 is no double exactly, so no value can be compared with it.")]
    [TestCase("""{"n":[{"anything-but":[1,0.10000000000000000555]}]}""", "Filter field 'n' has a malformed 'anything-but' rule: 0.10000000000000000555 is no double exactly, so no value can be compared with it.")]
    [TestCase("""{"n":[{"anything-but":12345678901234567890}]}""", "Filter field 'n' has a malformed 'anything-but' rule: 12345678901234567890 is no double exactly, so no value can be compared with it.")]
    [TestCase("""{"s":[{"anything-but":{"prefix":""}}]}""", "Filter field 's' has a malformed 'anything-but' rule: an empty prefix is not allowed.")] // "Null prefix/suffix not allowed"
    [TestCase("""{"s":[{"anything-but":{"suffix":["x",""]}}]}""", "Filter field 's' has a malformed 'anything-but' rule: an empty suffix is not allowed.")]
    [TestCase("""{"s":[{"exact":5}]}""", "Filter field 's' has a malformed 'exact' rule: it takes a string.")] // "exact match pattern must be a string"
    public void APatternTheRulerRefuses_IsRefusedInOneLine(string pattern, string message)
    {
        var error = Assert.Throws<FilterPatternException>(() => EventPattern.Parse(pattern));

        Assert.That(error!.Message, Is.EqualTo(message));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    private const string Range = "Filter field 'n' has a malformed 'numeric' rule: a range is a lower bound (\">\" or \">=\") then an upper one (\"<\" or \"<=\"), and \"=\" stands alone.";

    // What the ruler accepts that the replay refused: an empty list under an anything-but operator names nothing.
    [TestCase("""{"s":[{"anything-but":{"equals-ignore-case":[]}}]}""", """{"s":"x"}""", true)]
    [TestCase("""{"s":[{"exact":"x"}]}""", """{"s":"x"}""", true)]
    [TestCase("""{"s":[{"exact":"x"}]}""", """{"s":"X"}""", false)]
    // Keys join with dots (Path.SEPARATOR; README "Compiled rules and JSON keys with dots"): a dotted key and the
    // nested keys it spells are one path, both ways. U+001F is an ordinary character.
    [TestCase("""{"detail":{"state.status":["running"]}}""", """{"detail":{"state":{"status":"running"}}}""", true)]
    [TestCase("""{"detail":{"state":{"status":["running"]}}}""", """{"detail":{"state.status":"running"}}""", true)]
    [TestCase("""{"a":{"b":["x"]}}""", "{\"a\\u001fb\":\"x\"}", false)]
    [TestCase("{\"a\\u001fb\":[\"x\"]}", "{\"a\\u001fb\":\"x\"}", true)]
    // Numbers (ComparableNumber.generate; ByteMachine.transitionOn): comparable ones by value, the rest by their text.
    [TestCase("""{"n":[12345678901234567890]}""", """{"n":12345678901234567890}""", true)]
    [TestCase("""{"n":[12345678901234567890]}""", """{"n":12345678901234567891}""", false)]
    [TestCase("""{"n":[12345678901234567890]}""", """{"n":1.2345678901234567890e19}""", false)]
    [TestCase("""{"n":[0.1]}""", """{"n":1e-1}""", true)]
    [TestCase("""{"n":[0.1]}""", """{"n":0.10000000000000000555}""", false)]
    [TestCase("""{"n":[0]}""", """{"n":-0.0}""", true)]
    [TestCase("""{"n":[{"numeric":[">",0]}]}""", """{"n":12345678901234567890}""", false)]
    [TestCase("""{"n":[{"numeric":[">",0]}]}""", """{"n":1e400}""", false)]
    [TestCase("""{"n":[{"numeric":[">",0]}]}""", """{"n":12345678901234567000}""", true)]
    [TestCase("""{"n":[{"anything-but":[12345678901234567000]}]}""", """{"n":12345678901234567890}""", true)]
    [TestCase("""{"n":[{"anything-but":[12345678901234567000]}]}""", """{"n":12345678901234567000.0}""", false)]
    // exists takes part in array consistency (ACFinder.tryStep for exists: true; NameState.getNameTransitions for
    // exists: false, against the elements the fields before it, in path order, chose).
    [TestCase("""{"a":{"b":[{"exists":true}],"c":["x"]}}""", """{"a":[{"b":1,"c":"y"},{"c":"x"}]}""", false)]
    [TestCase("""{"a":{"b":[{"exists":true}],"c":["x"]}}""", """{"a":[{"c":"y"},{"b":1,"c":"x"}]}""", true)]
    [TestCase("""{"a":{"c":["x"],"z":[{"exists":false}]}}""", """{"a":[{"z":1,"c":"y"},{"c":"x"}]}""", true)]
    [TestCase("""{"a":{"c":["x"],"z":[{"exists":false}]}}""", """{"a":[{"c":"y"},{"z":1,"c":"x"}]}""", false)]
    [TestCase("""{"a":{"b":[{"exists":false}],"c":["x"]}}""", """{"a":[{"b":1,"c":"y"},{"c":"x"}]}""", false)]
    [TestCase("""{"a":[{"exists":true}]}""", """{"a":[{"b":1}]}""", false)]
    [TestCase("""{"a":[{"exists":false}]}""", """{"a":[]}""", true)]
    public void Pattern_MatchesAsTheRulerDoes(string pattern, string record, bool expected)
    {
        using JsonDocument document = JsonDocument.Parse(record);

        Assert.That(EventPattern.Parse(pattern).Matches(document.RootElement), Is.EqualTo(expected));
    }

    [Test]
    public void Fields_AreEveryTopLevelKeyThatCanSpellAPath()
    {
        EventPattern pattern = EventPattern.Parse("""{"dynamodb":{"NewImage":{"siteId":{"S":["a"]}}},"eventName":["INSERT"]}""");

        Assert.That(pattern.Fields, Is.EqualTo(new[] { "dynamodb", "eventName", "dynamodb.NewImage", "dynamodb.NewImage.siteId", "dynamodb.NewImage.siteId.S" }));
    }
}
