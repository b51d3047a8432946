namespace PipesLake.Partitioning.Tests;

public sealed class JsonNumberSyntaxTests
{
    [TestCase("0", true)]
    [TestCase("-0", true)]
    [TestCase("10", true)]
    [TestCase("0.5", true)]
    [TestCase("1e5", true)]
    [TestCase("1E-5", true)]
    [TestCase("-1.25E+10", true)]
    [TestCase("", false)]
    [TestCase("-", false)]
    [TestCase("+1", false)]
    [TestCase(".5", false)]
    [TestCase("05", false)]
    [TestCase("1.", false)]
    [TestCase("1e", false)]
    [TestCase("1e+", false)]
    [TestCase("Infinity", false)]
    [TestCase("1 ", false)]
    public void FollowsJsonGrammar(string text, bool valid)
    {
        Assert.That(JsonNumberSyntax.IsValid(System.Text.Encoding.ASCII.GetBytes(text)), Is.EqualTo(valid));
    }
}
