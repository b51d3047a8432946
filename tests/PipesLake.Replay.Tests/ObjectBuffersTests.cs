namespace PipesLake.Replay.Tests;

/// <summary>The object pool keeps arrays by bytes, not by count per size: what it holds is bounded for any run.</summary>
public sealed class ObjectBuffersTests
{
    [TestCase(0, 65_536)]
    [TestCase(65_536, 65_536)]
    [TestCase(65_537, 131_072)]
    [TestCase(5_000_000, 8_388_608)]
    public void Rent_GivesThePowerOfTwoAtOrAbove_64KiBAtLeast(int length, int expected) =>
        Assert.That(new ObjectBuffers().Rent(length), Has.Length.EqualTo(expected));

    [Test]
    public void Return_KeepsAnArrayForTheNextRentOfItsSize()
    {
        var pool = new ObjectBuffers();
        byte[] first = pool.Rent(100_000);
        pool.Return(first);

        Assert.That(pool.KeptBytes, Is.EqualTo(131_072));
        Assert.That(pool.Rent(131_072), Is.SameAs(first));
        Assert.That(pool.KeptBytes, Is.Zero);
    }

    [Test]
    public void Return_KeepsAtMost48MiB_WhateverSizesComeBack()
    {
        var pool = new ObjectBuffers();
        // 40 arrays of 1 MiB and 40 of 4 MiB: 200 MiB given back; a pool with 64 arrays a size would keep it all.
        byte[][] rented = [.. Enumerable.Range(0, 40).Select(_ => pool.Rent(1 << 20)), .. Enumerable.Range(0, 40).Select(_ => pool.Rent(4 << 20))];
        foreach (byte[] array in rented)
        {
            pool.Return(array);
        }

        // The first 40 MiB of 1 MiB arrays fit, then two 4 MiB ones: 48 MiB exactly.
        Assert.That(pool.KeptBytes, Is.EqualTo(48L << 20));
    }

    [Test]
    public void Return_RefusesAnArrayItDidNotRent() =>
        Assert.That(() => new ObjectBuffers().Return(new byte[100_000]), Throws.ArgumentException);
}
