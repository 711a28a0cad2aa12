using Provisioning.Api.Infrastructure.OpenApi;

namespace Provisioning.UnitTests.Infrastructure;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("a store named client-<clientId> and", "a store named `client-<clientId>` and")]
    [InlineData("Authorization: Bearer <tenant token> (read)", "Authorization: Bearer `<tenant token>` (read)")]
    [InlineData("renamed client-<id>-retired-<time>, kept", "renamed `client-<id>-retired-<time>`, kept")]
    [InlineData("already `client-<id>` a code span", "already `client-<id>` a code span")]
    [InlineData("x < y and y > z", "x < y and y > z")]
    [InlineData("no placeholder", "no placeholder")]
    public void Placeholders_become_code_spans_so_that_markdown_does_not_take_them_for_tags(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.EscapePlaceholders(text));

    [Fact]
    public void No_text_stays_no_text() => Assert.Null(MarkdownText.EscapePlaceholders(null));
}
