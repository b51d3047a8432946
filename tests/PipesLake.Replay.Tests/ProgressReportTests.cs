namespace PipesLake.Replay.Tests;

/// <summary>The progress line a long run rewrites on stderr when it is a terminal, and silence when it is not.</summary>
public sealed class ProgressReportTests
{
    [Test]
    public void Line_WithATotal_SaysRecordsTheRate_WhatElseIsDone_HowMuchIsRead_AndTheTimeLeft()
    {
        // 1,500,000 records in 10 s is 150,000 a second; 128 MiB in 10 s leaves the other 384 MiB 30 s.
        string line = ProgressReport.Line("redriving", 1_500_000, 128L << 20, 512L << 20, TimeSpan.FromSeconds(10), "40 error objects");

        Assert.That(line, Is.EqualTo("redriving: 1,500,000 records, 150,000 records/s, 40 error objects, 128 of 512 MiB read, 0:00:30 left"));
    }

    [Test]
    public void Line_WithTheRecordsKnown_CountsThem_AndTakesTheTimeLeftFromThem() =>
        // 400,000 in 2 s is 200,000 a second; the 600,000 left take 3 s.
        Assert.That(ProgressReport.Line("backfilling", 400_000, 1_000_000, TimeSpan.FromSeconds(2), "sorting"),
            Is.EqualTo("backfilling: 400,000 of 1,000,000 records, 200,000 records/s, sorting, 0:00:03 left"));

    [Test]
    public void Line_OnceTheInputIsRead_SaysWhatIsWritten_NotATimeLeftOfZero() =>
        // The whole input is read; objects are being written: the detail says how far, no "0:00:00 left".
        Assert.That(ProgressReport.Line("replaying", 1_000_000, 512L << 20, 512L << 20, TimeSpan.FromSeconds(8), "writing: 1,200 of 6,680 partitions, 1,210 objects"),
            Is.EqualTo("replaying: 1,000,000 records, 125,000 records/s, writing: 1,200 of 6,680 partitions, 1,210 objects, 512 of 512 MiB read"));

    [Test]
    public void Line_WithoutATotal_SaysNoTimeLeft() =>
        Assert.That(ProgressReport.Line("redriving", 64_000, 64L << 20, null, TimeSpan.FromSeconds(20), null),
            Is.EqualTo("redriving: 64,000 records, 3,200 records/s, 64 MiB read"));

    [Test]
    public void NotATerminal_PrintsNothing_HoweverLongTheRun()
    {
        var errors = new StringWriter();

        int result = ProgressReport.Run(ToolConsole.Of(TextWriter.Null, errors), "replaying", 100, progress =>
        {
            for (int i = 1; i <= 100; i++)
            {
                progress(i);
                Thread.Sleep(25);
            }

            return 7;
        }, () => 42, () => "1 object");

        Assert.That((result, errors.ToString()), Is.EqualTo((7, string.Empty)));
    }

    [Test]
    public void ATerminal_GetsTheLine_RewrittenInPlace_AndErasedAtTheEnd()
    {
        var errors = new StringWriter();

        ProgressReport.Run(ToolConsole.Of(TextWriter.Null, errors) with { ErrorIsTerminal = true }, "replaying", null, progress =>
        {
            progress(1L << 20);
            Thread.Sleep(2_700);
            return 0;
        }, () => 42, () => "1 object");

        string[] shown = errors.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(shown, Has.Length.GreaterThanOrEqualTo(2));
        Assert.That(shown[0], Does.StartWith("replaying: 42 records, ").And.EndWith(" records/s, 1 object, 1 MiB read\u001b[K"));
        Assert.That(shown[^1], Is.EqualTo("\u001b[K"), "erased at the end");
    }
}
