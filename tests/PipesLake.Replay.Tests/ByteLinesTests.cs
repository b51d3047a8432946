using System.Text;

namespace PipesLake.Replay.Tests;

public sealed class ByteLinesTests
{
    // A buffer handed in is read into whatever it held before; a line longer than it doubles it (4 -> 8 bytes here), and
    // Buffer is then the larger array, for the next reader.
    [Test]
    public void AHandedInBuffer_IsReadInto_AndGrownForALongerLine()
    {
        byte[] stale = "xxxx"u8.ToArray();
        var lines = new ByteLines(new MemoryStream("ab\ncdefg\r\n\nh"u8.ToArray()), stale);

        var read = new List<string>();
        while (lines.TryRead(out ReadOnlySpan<byte> line))
        {
            read.Add(Encoding.UTF8.GetString(line));
        }

        Assert.That(read, Is.EqualTo(new[] { "ab", "cdefg", string.Empty, "h" }));
        Assert.That((lines.Number, lines.Buffer.Length), Is.EqualTo((4L, 8)));
    }
}
