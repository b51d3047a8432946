namespace PipesLake.Blueprint.Tests;

/// <summary>A stack name goes into every physical name; one that cannot must stop <c>pulumi preview</c>.</summary>
public sealed class StackNameTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    [TestCase("a")]
    [TestCase("eu-west-1-staging")]
    [TestCase("abcdefghijklmnopqrstu")] // 21 characters: the longest accepted
    public void StackName_ThatFitsEveryName_IsAccepted(string stack)
    {
        LakeSettings settings = SettingsReader.Defaults(stack, "eu-west-1");
        var names = new LakeNames(stack);

        Assert.That(settings.Stack, Is.EqualTo(stack));
        Assert.That(names.BucketPrefix, Has.Length.LessThanOrEqualTo(37).And.Match("^[a-z0-9-]+$"));
        // A table of the longest id: its pipe's name is the tightest.
        TableSettings table = settings.Tables[0] with { Id = new string('t', TableSettings.MaxIdLength) };
        Assert.That(new[] { names.Function, names.Pipe(table), names.DeliveryStream(table) }, Has.All.Length.LessThanOrEqualTo(64));
        Assert.That(names.DeadLetterQueue(table), Has.Length.LessThanOrEqualTo(80));
        Assert.That(names.KeyAlias, Does.Match("^alias/[A-Za-z0-9/_-]+$"));
    }

    [Test]
    public void LongestAcceptedStack_FillsTheBucketPrefixExactly()
    {
        Assert.That(LakeNames.MaxStackLength, Is.EqualTo(21));
        Assert.That(new LakeNames(new string('a', 21)).BucketPrefix, Has.Length.EqualTo(37));
        // And a table's longest id (64 - 21 - "pipeslake-" - "-" - "-pipe" = 27) fills its pipe's name exactly.
        TableSettings table = Settings.Table() with { Id = new string('t', TableSettings.MaxIdLength) };
        Assert.That(TableSettings.MaxIdLength, Is.EqualTo(27));
        Assert.That(new LakeNames(new string('a', 21)).Pipe(table), Has.Length.EqualTo(64));
    }

    [TestCase("abcdefghijklmnopqrstuv")] // 22 characters
    [TestCase("Staging_EU")]
    [TestCase("Dev")]
    [TestCase("my.stack")]
    [TestCase("-dev")]
    [TestCase("dev-")]
    [TestCase("dev--eu")]
    public void StackName_ThatCannotBecomeEveryName_StopsThePreview(string stack)
    {
        var error = Assert.Throws<SettingsException>(() => SettingsReader.Defaults(stack, "eu-west-1"));

        Assert.That(error!.Problems, Is.EqualTo(new[]
        {
            $"the stack name '{stack}' must be 1 to 21 lowercase letters, digits and single hyphens, starting and ending with a letter or digit: "
            + $"it becomes the S3 bucket prefix 'pipeslake-{stack}-lake-' (at most 37 characters, S3 naming rules) and every other resource name.",
        }));
    }
}
