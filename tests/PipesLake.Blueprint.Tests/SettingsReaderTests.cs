namespace PipesLake.Blueprint.Tests;

public sealed class SettingsReaderTests
{
    [Test]
    public void Dev_DefaultsAreTheDocumentedOnes()
    {
        LakeSettings settings = Settings.Read("dev");

        Assert.That(settings.Tables.Select(t => (t.Name, t.Id, t.Existing)), Is.EqualTo(new[] { ("pipeslake-dev-changes", "pipeslake-dev-changes", false) }));
        Assert.That(settings.DeletionProtection, Is.False);
        Assert.That((settings.BufferSizeMiB, settings.BufferIntervalSeconds), Is.EqualTo((64, 60)));
        Assert.That((settings.ProcessorBufferSizeMB, settings.ProcessorRetries), Is.EqualTo((1m, 3)));
        Assert.That(settings.Tables[0].EventNames, Is.EqualTo(new[] { "INSERT", "MODIFY", "REMOVE" }));
        Assert.That(settings.Tables[0].PartitionTime, Is.EqualTo(PipesLake.Partitioning.PartitionTime.Item));
        Assert.That(settings.Tags, Is.EqualTo(new Dictionary<string, string> { ["project"] = "pipeslake", ["stack"] = "dev", ["managed-by"] = "pulumi" }));
    }

    [Test]
    public void Defaults_AreWhatAnEmptyStackFileGives()
    {
        LakeSettings defaults = SettingsReader.Defaults("dev", "eu-west-1");

        Assert.That(defaults with { AnyTable = false, Tables = [] }, Is.EqualTo(Settings.Read("dev") with { Tables = [] }));
        Assert.That(defaults.Tables.Single(), Is.EqualTo(Settings.Read("dev").Tables.Single()));
        Assert.That((defaults.Region, defaults.Tables[0].Name, defaults.AnyTable), Is.EqualTo(("eu-west-1", "pipeslake-dev-changes", true)));
    }

    [Test]
    public void Prod_ProtectsTheTableByDefault()
    {
        Assert.That(Settings.Read("prod").DeletionProtection, Is.True);
    }

    [Test]
    public void ExplicitValues_AreParsed()
    {
        LakeSettings settings = Settings.Read(
            "dev",
            (SettingKeys.BufferSizeMiB, "128"),
            (SettingKeys.ProcessorBufferSizeMB, "0.5"),
            (SettingKeys.PipeStartingPosition, "LATEST"),
            (SettingKeys.PipeMaximumRecordAgeSeconds, "-1"),
            (SettingKeys.EventNames, "REMOVE, INSERT"),
            (SettingKeys.LogRetentionDays, "365"));

        Assert.That(settings.BufferSizeMiB, Is.EqualTo(128));
        Assert.That(settings.ProcessorBufferSizeMB, Is.EqualTo(0.5m));
        Assert.That(settings.PipeStartingPosition, Is.EqualTo("LATEST"));
        Assert.That(settings.PipeMaximumRecordAgeSeconds, Is.EqualTo(-1));
        Assert.That(settings.Tables[0].EventNames, Is.EqualTo(new[] { "INSERT", "REMOVE" }));
        Assert.That(settings.LogRetentionDays, Is.EqualTo(365));
    }

    [TestCase(SettingKeys.BufferSizeMiB, "12", "pipeslake:bufferSizeMiB must be a whole number from 64 to 128; got '12'.")]
    [TestCase(SettingKeys.BufferIntervalSeconds, "901", "pipeslake:bufferIntervalSeconds must be a whole number from 60 to 900; got '901'.")]
    [TestCase(SettingKeys.ProcessorBufferSizeMB, "6", "pipeslake:processorBufferSizeMB must be a number from 0.2 to 3; got '6'.")]
    [TestCase(SettingKeys.ProcessorBufferIntervalSeconds, "59", "pipeslake:processorBufferIntervalSeconds must be a whole number from 60 to 900; got '59'.")]
    [TestCase(SettingKeys.ProcessorRetries, "301", "pipeslake:processorRetries must be a whole number from 0 to 300; got '301'.")]
    [TestCase(SettingKeys.PipeStartingPosition, "AT_TIMESTAMP", "pipeslake:pipeStartingPosition must be one of LATEST, TRIM_HORIZON; got 'AT_TIMESTAMP'.")]
    [TestCase(SettingKeys.PipeBatchSize, "0", "pipeslake:pipeBatchSize must be a whole number from 1 to 500; got '0'.")]
    [TestCase(SettingKeys.PipeBatchSize, "501", "pipeslake:pipeBatchSize must be a whole number from 1 to 500; got '501'.")]
    [TestCase(SettingKeys.PipeBatchingWindowSeconds, "301", "pipeslake:pipeBatchingWindowSeconds must be a whole number from 0 to 300; got '301'.")]
    [TestCase(SettingKeys.PipeMaximumRetryAttempts, "-2", "pipeslake:pipeMaximumRetryAttempts must be a whole number from -1 to 10000; got '-2'.")]
    [TestCase(SettingKeys.PipeMaximumRecordAgeSeconds, "30", "pipeslake:pipeMaximumRecordAgeSeconds must be -1 (no limit) or from 60 to 604800; got '30'.")]
    [TestCase(SettingKeys.PipeBisectOnFailure, "yes", "pipeslake:pipeBisectOnFailure must be true or false; got 'yes'.")]
    [TestCase(SettingKeys.LogRetentionDays, "10", "pipeslake:logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got '10'.")]
    [TestCase(SettingKeys.ErrorRetentionDays, "0", "pipeslake:errorRetentionDays must be a whole number from 1 to 3650; got '0'.")]
    [TestCase(SettingKeys.EventNames, "INSERT,UPSERT", "pipeslake:eventNames must be a comma-separated, non-empty set of INSERT, MODIFY, REMOVE; got 'INSERT,UPSERT'.")]
    [TestCase(SettingKeys.EventNames, "INSERT,INSERT", "pipeslake:eventNames must be a comma-separated, non-empty set of INSERT, MODIFY, REMOVE; got 'INSERT,INSERT'.")]
    [TestCase(SettingKeys.ExcludeTtlDeletes, "1", "pipeslake:excludeTtlDeletes must be true or false; got '1'.")]
    [TestCase(SettingKeys.FunctionMemoryMB, "64", "pipeslake:functionMemoryMB must be a whole number from 128 to 10240; got '64'.")]
    [TestCase(SettingKeys.FunctionTimeoutSeconds, "900", "pipeslake:functionTimeoutSeconds must be a whole number from 60 to 300; got '900'.")]
    [TestCase(SettingKeys.Compression, "ZSTD", "pipeslake:compression must be one of GZIP, UNCOMPRESSED; got 'ZSTD'.")]
    [TestCase(SettingKeys.PipeParallelizationFactor, "11", "pipeslake:pipeParallelizationFactor must be a whole number from 1 to 10; got '11'.")]
    [TestCase(SettingKeys.PartitionTime, "Change", "pipeslake:partitionTime must be one of item, change; got 'Change'.")]
    [TestCase(SettingKeys.Format, "orc", "pipeslake:format must be one of json, parquet; got 'orc'.")]
    [TestCase(SettingKeys.TableName, "a b", "pipeslake:tableName must be 3 to 255 letters, digits, '_', '-' or '.'; got 'a b'.")]
    [TestCase(SettingKeys.Region, "europe", "aws:region must be an AWS region such as eu-west-1; got 'europe'.")]
    [TestCase(SettingKeys.TimeAttribute, "siteId", "pipeslake:siteAttribute and pipeslake:timeAttribute must name different attributes; both are 'siteId'.")]
    public void BadValue_IsRejectedNamingKeyAndRange(string key, string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => Settings.Read("dev", (key, value)));

        Assert.That(error!.Problems, Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Format_IsJsonAndGzipByDefault_ParquetUncompressed()
    {
        LakeSettings json = Settings.Read("dev");
        LakeSettings parquet = Settings.Read("dev", (SettingKeys.Format, "parquet"));

        Assert.That((json.Format, json.Compression, json.FunctionOptions.ItemColumn), Is.EqualTo((LakeFormat.Json, "GZIP", false)));
        Assert.That((parquet.Format, parquet.Compression, parquet.FunctionOptions.ItemColumn), Is.EqualTo((LakeFormat.Parquet, "UNCOMPRESSED", true)));
        Assert.That(Settings.Read("dev", (SettingKeys.Format, "parquet"), (SettingKeys.Compression, "UNCOMPRESSED")).Compression, Is.EqualTo("UNCOMPRESSED"));
    }

    // "Amazon S3 compression gets disabled when you enable format conversion" (Firehose Developer Guide, "Enable record
    // format conversion"): a GZIP setting with Parquet would be a setting the stream does not honour.
    [Test]
    public void Format_ParquetWithGzip_IsRefusedNamingBothKeys()
    {
        var error = Assert.Throws<SettingsException>(() => Settings.Read("dev", (SettingKeys.Format, "parquet"), (SettingKeys.Compression, "GZIP")));

        Assert.That(error!.Problems, Is.EqualTo(new[]
        {
            "pipeslake:compression must be UNCOMPRESSED (or unset) when pipeslake:format is parquet: Firehose compresses Parquet with SNAPPY itself and turns S3 compression off; got 'GZIP'.",
        }));
    }

    [Test]
    public void MissingRegion_IsRequired()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsReader.Read("dev", _ => null));

        Assert.That(error!.Problems, Is.EqualTo(new[] { "aws:region is required: an AWS region such as eu-west-1." }));
    }

    [Test]
    public void SeveralBadValues_AreReportedTogether()
    {
        var error = Assert.Throws<SettingsException>(() => Settings.Read("dev", (SettingKeys.BufferSizeMiB, "1"), (SettingKeys.PipeBatchSize, "x")));

        Assert.That(error!.Problems, Has.Count.EqualTo(2));
        Assert.That(error.Message, Does.StartWith("Invalid PipesLake configuration:"));
    }
}
