using System.Text;

namespace PipesLake.Partitioning.Tests;

public sealed class LakeLineTests
{
    // The top-level names as JSON reads them, however written: "\u005f" is '_' (RFC 8259, section 7), so escaped names
    // count, and a _seq inside an image (a nested object) does not.
    [TestCase("""{"_op":"I","_seq":"100","siteId":"7"}""", true)]
    [TestCase("""{"siteId":"7","_seq":"100","_op":"U"}""", true)]
    [TestCase("""{"\u005fop":"I","\u005fseq":"100"}""", true)]
    [TestCase("""{"_op":"I","_s\u0065q":"100"}""", true)]
    [TestCase("""{"_op":"I","_seq":100}""", false)]
    [TestCase("""{"_op":"I","item":{"_seq":"100"}}""", false)]
    [TestCase("""{"_op":"I","note":"a \"quoted\" value"}""", false)]
    [TestCase("""{"eventId":"1","eventName":"INSERT","dynamodb":{"SequenceNumber":"100"}}""", false)]
    [TestCase("""{"_op":"I","_seq":"100" """, false)]
    [TestCase("""["_op","_seq"]""", false)]
    public void Is_ReadsTopLevelNamesAsJsonDoes(string json, bool expected)
    {
        Assert.That(LakeLine.Is(Encoding.UTF8.GetBytes(json)), Is.EqualTo(expected));
    }
}
