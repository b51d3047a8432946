namespace PipesLake.Blueprint.Tests;

public sealed class ProcessorParametersTests
{
    [Test]
    public void ShippedStacks_DeclareNoParameterBesidesTheFunction()
    {
        Assert.That(ProcessorParameters.NonDefault(Settings.Read("dev")), Is.Empty);
        Assert.That(ProcessorParameters.NonDefault(StackFile.ReadSettings(StackFilesTests.StackPath("prod"))), Is.Empty);
    }

    [TestCase(SettingKeys.ProcessorRetries, "0", "NumberOfRetries", "0")]
    [TestCase(SettingKeys.ProcessorBufferSizeMB, "3", "BufferSizeInMBs", "3")]
    [TestCase(SettingKeys.ProcessorBufferSizeMB, "1.0", "BufferSizeInMBs", "1.0")]
    [TestCase(SettingKeys.ProcessorBufferIntervalSeconds, "900", "BufferIntervalInSeconds", "900")]
    public void ANonDefaultValue_IsDeclaredAsWritten(string key, string value, string name, string declared)
    {
        Assert.That(ProcessorParameters.NonDefault(Settings.Read("dev", (key, value))), Is.EqualTo(new[] { new KeyValuePair<string, string>(name, declared) }));
    }
}
