using System.Text.Json;
using PipesLake.Blueprint.Filtering;

namespace PipesLake.Blueprint.Tests;

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

    // aws/event-ruler README (the engine EventBridge and Pipes filtering use), at commit 337e8d9, section by section.
    // "JSON Array Matching": arrays are crushed out, at any depth, and objects in arrays give their fields.
    [TestCase("""{"a":["x"]}""", """{"a":[["y"],["x"]]}""", true)]
    [TestCase("""{"employees":{"firstName":["Anna"]}}""", """{"employees":[{"firstName":"John"},{"firstName":"Anna"}]}""", true)]
    [TestCase("""{"employees":{"firstName":["Anna"]}}""", """{"employees":[[{"firstName":"John"},{"firstName":"Anna"}],[{"firstName":"Peter"}]]}""", true)]
    // ...but "rulesForJSONEvent() will refuse to recognize any match in which any two fields are within JSON objects
    // that are in different elements of the same array": Anna/Jones does not match, Anna/Smith does.
    [TestCase("""{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}""", """{"employees":[[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"}],[{"firstName":"Peter","lastName":"Jones"}]]}""", false)]
    [TestCase("""{"employees":{"firstName":["Anna"],"lastName":["Smith"]}}""", """{"employees":[[{"firstName":"John","lastName":"Doe"},{"firstName":"Anna","lastName":"Smith"}],[{"firstName":"Peter","lastName":"Jones"}]]}""", true)]
    // "Exists matching": "only works on the leaf nodes"; exists false "would also match ... because c-count is not a leaf node".
    [TestCase("""{"a":[{"exists":true}]}""", """{"a":{"b":1}}""", false)]
    [TestCase("""{"a":[{"exists":true}]}""", """{"a":[]}""", false)]
    [TestCase("""{"a":[{"exists":true}]}""", """{"a":[1]}""", true)]
    [TestCase("""{"a":[{"exists":true}]}""", """{"a":null}""", true)]
    [TestCase("""{"detail":{"c-count":[{"exists":false}]}}""", """{"detail":{"state":["initializing","running"],"c-count":{"c1":100}}}""", true)]
    // A repeated key: the event is read as a stream of name/value pairs, so each of its values is a value of the path.
    [TestCase("""{"a":["x"]}""", """{"a":"y","a":"x"}""", true)]
    [TestCase("""{"a":["y"]}""", """{"a":"y","a":"x"}""", true)]
    // "Anything-but matching": values, lists, and "may be applied to a prefix, suffix, or equals-ignore-case match",
    // and wildcard; a value that is not a string is not named by a string operator.
    [TestCase("""{"state":[{"anything-but":{"prefix":"init"}}]}""", """{"state":"initializing"}""", false)]
    [TestCase("""{"state":[{"anything-but":{"prefix":"init"}}]}""", """{"state":"running"}""", true)]
    [TestCase("""{"state":[{"anything-but":{"prefix":"init"}}]}""", """{"state":5}""", true)]
    [TestCase("""{"state":[{"anything-but":{"prefix":["init","error"]}}]}""", """{"state":"error-3"}""", false)]
    [TestCase("""{"id":[{"anything-but":{"suffix":"1234"}}]}""", """{"id":"i-1234"}""", false)]
    [TestCase("""{"id":[{"anything-but":{"suffix":["1234","6789"]}}]}""", """{"id":"i-5555"}""", true)]
    [TestCase("""{"state":[{"anything-but":{"equals-ignore-case":"Stopped"}}]}""", """{"state":"STOPPED"}""", false)]
    [TestCase("""{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}""", """{"state":"running"}""", true)]
    [TestCase("""{"path":[{"anything-but":{"wildcard":"*/bin/*.jar"}}]}""", """{"path":"/usr/bin/app.jar"}""", false)]
    [TestCase("""{"path":[{"anything-but":{"wildcard":["*/bin/*.jar","*/bin/*.class"]}}]}""", """{"path":"/usr/lib/app.jar"}""", true)]
    [TestCase("""{"x":[{"anything-but":[100,200]}]}""", """{"x":150}""", true)]
    [TestCase("""{"x":[{"anything-but":[100,200]}]}""", """{"x":200}""", false)]
    // "Suffix matching", "Equals-ignore-case matching", the prefix and suffix forms of it: string-valued fields only.
    [TestCase("""{"source":[{"suffix":"ec2"}]}""", """{"source":"aws.ec2"}""", true)]
    [TestCase("""{"source":[{"suffix":"2"}]}""", """{"source":2}""", false)]
    [TestCase("""{"source":[{"equals-ignore-case":"EC2"}]}""", """{"source":"ec2"}""", true)]
    [TestCase("""{"source":[{"prefix":{"equals-ignore-case":"EC2"}}]}""", """{"source":"ec2.amazonaws.com"}""", true)]
    [TestCase("""{"source":[{"suffix":{"equals-ignore-case":"EC2"}}]}""", """{"source":"aws.Ec2"}""", true)]
    // "Wildcard matching": zero or more characters; \* is an asterisk.
    [TestCase("""{"source":[{"wildcard":"Simple*Service"}]}""", """{"source":"SimpleQueueService"}""", true)]
    [TestCase("""{"source":[{"wildcard":"Simple*Service"}]}""", """{"source":"SimpleService"}""", true)]
    [TestCase("""{"source":[{"wildcard":"Simple*Service"}]}""", """{"source":"SimpleQueue"}""", false)]
    [TestCase("""{"source":[{"wildcard":"a\\*b"}]}""", """{"source":"a*b"}""", true)]
    [TestCase("""{"source":[{"wildcard":"a\\*b"}]}""", """{"source":"axb"}""", false)]
    public void Pattern_MatchesAsEventRulerDoes(string pattern, string record, bool expected)
    {
        using JsonDocument document = JsonDocument.Parse(record);

        Assert.That(EventPattern.Parse(pattern).Matches(document.RootElement), Is.EqualTo(expected));
    }

    private const string Supported = "exact values, exact, exists, prefix, suffix, equals-ignore-case, wildcard, numeric and anything-but (of values, a prefix, a suffix, equals-ignore-case or a wildcard)";

    [TestCase("""{"ip":[{"cidr":"10.0.0.0/24"}]}""", "Filter field 'ip' uses operator 'cidr', which the replay does not implement; it supports " + Supported + ".")]
    [TestCase("""{"a":[{"regex":"x"}]}""", "Filter field 'a' uses operator 'regex', which the replay does not implement; it supports " + Supported + ".")]
    [TestCase("""{"$or":[{"a":["x"]},{"b":["y"]}]}""", "The filter uses '$or', which the replay does not implement; write one pattern per alternative (the pipe's filter criteria take several).")]
    [TestCase("""{"a":[{"wildcard":"a**b"}]}""", "Filter field 'a' has a malformed 'wildcard' rule: consecutive wildcard characters are not allowed.")]
    [TestCase("""{"a":[{"wildcard":"a\\b"}]}""", "Filter field 'a' has a malformed 'wildcard' rule: a backslash escapes only '*' or '\\'.")]
    [TestCase("""{"a":[{"anything-but":["x",1]}]}""", "Filter field 'a' has a malformed 'anything-but' rule: its list holds strings only or numbers only, at least one.")]
    [TestCase("""{"a":[{"anything-but":{"numeric":[">",1]}}]}""", "Filter field 'a' has a malformed 'anything-but' rule: its object holds one of prefix, suffix, equals-ignore-case or wildcard.")]
    [TestCase("""{"a":[{"prefix":"x","suffix":"y"}]}""", "Filter field 'a' has a rule of several operators (prefix+suffix); a rule holds one.")]
    [TestCase("""{"a":[{"exists":"yes"}]}""", "Filter field 'a' has a malformed 'exists' rule: it takes true or false.")]
    [TestCase("""{"a":[{"numeric":[">"]}]}""", "Filter field 'a' has a malformed 'numeric' rule: it takes [operator, number] or [\">\" or \">=\", number, \"<\" or \"<=\", number].")]
    [TestCase("""{"a":"x"}""", "Filter field 'a' must hold an array of values or a nested object.")]
    [TestCase("""["a"]""", "A filter pattern is a JSON object.")]
    public void UnsupportedPattern_IsRefusedWithAClearError(string pattern, string message)
    {
        var error = Assert.Throws<FilterPatternException>(() => EventPattern.Parse(pattern));

        Assert.That(error!.Message, Is.EqualTo(message));
    }
}
