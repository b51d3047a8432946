namespace PipesLake.Partitioning.Tests;

public sealed class PartitioningOptionsTests
{
    [Test]
    public void UnsetEnvironment_GivesDefaults()
    {
        PartitioningOptions options = PartitioningOptions.FromEnvironment(_ => null);

        Assert.That(options, Is.EqualTo(new PartitioningOptions("siteId", "createdAtTime")));
    }

    [Test]
    public void Environment_OverridesBoth()
    {
        var variables = new Dictionary<string, string?>
        {
            ["PIPESLAKE_SITE_ATTRIBUTE"] = "plant",
            ["PIPESLAKE_TIME_ATTRIBUTE"] = "ts",
        };

        PartitioningOptions options = PartitioningOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.That(options, Is.EqualTo(new PartitioningOptions("plant", "ts")));
    }

    [Test]
    public void SameAttributeForBoth_IsRejectedNamingBothVariables()
    {
        var error = Assert.Throws<ArgumentException>(() => PartitioningOptions.Validate(new PartitioningOptions("x", "x")));

        Assert.That(error!.Message, Is.EqualTo("PIPESLAKE_SITE_ATTRIBUTE and PIPESLAKE_TIME_ATTRIBUTE must name different attributes; both are 'x'."));
    }

    [Test]
    public void BlankAttribute_IsRejectedNamingTheVariable()
    {
        var error = Assert.Throws<ArgumentException>(() => PartitioningOptions.Validate(new PartitioningOptions(" ", "ts")));

        Assert.That(error!.Message, Does.StartWith("PIPESLAKE_SITE_ATTRIBUTE must be a non-blank attribute name"));
    }
}
