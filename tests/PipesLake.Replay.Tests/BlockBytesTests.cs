namespace PipesLake.Replay.Tests;

public sealed class BlockBytesTests
{
    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 % 251))];

    // 40,000 bytes in blocks of 16,384: two full blocks and 7,232 bytes in a third.
    [Test]
    public void Bytes_ReadBackWhole_AcrossBlocks_ByStreamSegmentsAndCopy()
    {
        byte[] expected = Pattern(40_000);
        var bytes = new BlockBytes(null);
        bytes.Write(expected.AsSpan(0, 10));
        bytes.Write(expected.AsSpan(10, 30_000));
        bytes.Write(expected.AsSpan(30_010));

        using var read = new MemoryStream();
        using (Stream stream = bytes.AsStream())
        {
            stream.CopyTo(read);
        }

        Assert.That(read.ToArray(), Is.EqualTo(expected));
        Assert.That(bytes.ToArray(), Is.EqualTo(expected));
        Assert.That(bytes.Segments().Select(s => s.Length), Is.EqualTo(new[] { 16_384, 16_384, 7_232 }));
        Assert.That(bytes.Length, Is.EqualTo(40_000));
    }

    [Test]
    public void Stream_SeeksAndReadsAcrossABlocksEnd()
    {
        byte[] expected = Pattern(20_000);
        var bytes = new BlockBytes(null);
        bytes.Write(expected);
        using Stream stream = bytes.AsStream();

        stream.Position = 16_380;
        byte[] buffer = new byte[10];
        int read = stream.Read(buffer);

        Assert.That((read, stream.Position, stream.Length), Is.EqualTo((10, 16_390L, 20_000L)));
        Assert.That(buffer, Is.EqualTo(expected[16_380..16_390]));
        Assert.That(stream.Seek(-5, SeekOrigin.End), Is.EqualTo(19_995));
        Assert.That(stream.Read(new byte[100]), Is.EqualTo(5));
        Assert.That(stream.Read(new byte[100]), Is.Zero);
    }

    [Test]
    public void AnotherBlockBytes_IsAppendedAfterTheseBytes()
    {
        byte[] first = Pattern(20_000), second = [.. Pattern(17_000).Reverse()];
        var bytes = new BlockBytes(null);
        var other = new BlockBytes(null);
        bytes.Write(first);
        other.Write(second);

        bytes.Write(other);

        Assert.That(bytes.ToArray(), Is.EqualTo(first.Concat(second).ToArray()));
    }

    // Released blocks serve the next bytes: a second batch of the same size takes no new block.
    [Test]
    public void ReleasedBlocks_AreReused_UpToTheBound()
    {
        var pool = new Blocks(retainedBytes: 3 * Blocks.Size);
        var bytes = new BlockBytes(pool);
        bytes.Write(Pattern(4 * Blocks.Size));
        bytes.Release();

        Assert.That((bytes.Length, pool.KeptBytes), Is.EqualTo((0, 3L * Blocks.Size)), "the fourth block is left to the collector");

        bytes.Write(Pattern(2 * Blocks.Size));

        Assert.That(pool.KeptBytes, Is.EqualTo(Blocks.Size));
        Assert.That(() => pool.Return(new byte[100]), Throws.ArgumentException);
    }
}
