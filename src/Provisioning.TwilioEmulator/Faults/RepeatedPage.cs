using System.Text;
using System.Text.Json.Nodes;

namespace Provisioning.TwilioEmulator.Faults;

/// <summary>
/// The <see cref="FaultKind.RepeatPage"/> fault: a list answer whose next page is the page just asked for, so that a
/// client following page links or tokens blindly asks for it again and again. API v2010 lists get their own URI as
/// <c>next_page_uri</c>; token lists get the request's <c>pageToken</c> (a first page, which has none, a token naming
/// the first page) as <c>meta.nextToken</c>. Any other answer passes through unchanged.
/// </summary>
internal static class RepeatedPage
{
    public static async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        var originalBody = context.Response.Body;
        using var buffered = new MemoryStream();
        context.Response.Body = buffered;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        var body = buffered.ToArray();
        if (context.Response.StatusCode == StatusCodes.Status200OK && Rewrite(context.Request, body) is { } rewritten)
            body = rewritten;
        context.Response.ContentLength = body.Length;
        await originalBody.WriteAsync(body, context.RequestAborted);
    }

    private static byte[]? Rewrite(HttpRequest request, byte[] body)
    {
        JsonObject? page;
        try
        {
            page = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (page is null) return null;
        if (page.ContainsKey("next_page_uri"))
            page["next_page_uri"] = request.Path.Value + request.QueryString.Value;
        else if (page["meta"] is JsonObject meta)
        {
            var token = request.Query["pageToken"].ToString();
            meta["nextToken"] = token.Length > 0 ? token : Paging.FirstPageToken(descending: request.Query["orderBy"] != "ASC");
        }
        else
            return null;
        return Encoding.UTF8.GetBytes(page.ToJsonString());
    }
}
