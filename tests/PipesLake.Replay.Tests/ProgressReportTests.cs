namespace PipesLake.Replay.Tests;

/// <summary>The progress line a long run prints on stderr when it is not on a terminal.</summary>
public sealed class ProgressReportTests
{
    [Test]
    public void Line_WithATotal_SaysHowMuch_WhatIsDone_TheRate_AndTheTimeLeft()
    {
        // 128 MiB in 10 s is 12.8 MiB/s; the 384 MiB left take 30 s at that rate.
        string line = ProgressReport.Line("redriving", 128L << 20, 512L << 20, TimeSpan.FromSeconds(10), "40 error objects, 1,200 records, 38 handled");

        Assert.That(line, Is.EqualTo("redriving: 128 MiB of 512 MiB read, 40 error objects, 1,200 records, 38 handled, 12.8 MiB/s, 0:00:30 left"));
    }

    [Test]
    public void Line_WithoutATotal_SaysNoTimeLeft() =>
        Assert.That(ProgressReport.Line("redriving", 64L << 20, null, TimeSpan.FromSeconds(20), null), Is.EqualTo("redriving: 64 MiB read, 3.2 MiB/s"));
}
