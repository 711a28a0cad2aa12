using Provisioning.Api.Infrastructure;

namespace Provisioning.UnitTests;

public sealed class TextTests
{
    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 999) + "\U0001F600"; // 1,001 UTF-16 units

        var cut = Text.Truncate(text, 1000)!;

        Assert.Equal(999, cut.Length);
        Assert.False(char.IsHighSurrogate(cut[^1]));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("abc", "abc")]
    [InlineData("abcdef", "abcd")]
    public void Truncation_keeps_what_fits(string? text, string? expected) => Assert.Equal(expected, Text.Truncate(text, 4));
}
