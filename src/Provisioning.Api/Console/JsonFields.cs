using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Html;

namespace Provisioning.Api.Console;

/// <summary>
/// Renders an object as nested definition lists of its JSON fields, named as the API names them. The tenant page
/// shows the tenant this way, so every field the API has is on the page, including fields added later.
/// </summary>
public static class JsonFields
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IHtmlContent Render(object value)
    {
        var html = new HtmlContentBuilder();
        Append(html, JsonSerializer.SerializeToElement(value, Json));
        return html;
    }

    private static void Append(HtmlContentBuilder html, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.EnumerateObject().Any():
                html.AppendHtml("<dl class=\"fields\">");
                foreach (var property in element.EnumerateObject())
                {
                    html.AppendHtml("<dt>").Append(property.Name).AppendHtml("</dt><dd>");
                    Append(html, property.Value);
                    html.AppendHtml("</dd>");
                }
                html.AppendHtml("</dl>");
                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                html.AppendHtml("<ol class=\"fields\">");
                foreach (var item in element.EnumerateArray())
                {
                    html.AppendHtml("<li>");
                    Append(html, item);
                    html.AppendHtml("</li>");
                }
                html.AppendHtml("</ol>");
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                html.AppendHtml("<span class=\"none\">none</span>");
                break;
            case JsonValueKind.Null:
                html.AppendHtml("<span class=\"none\">null</span>");
                break;
            case JsonValueKind.String:
                html.AppendHtml("<code>").Append(element.GetString() ?? "").AppendHtml("</code>");
                break;
            default:
                html.AppendHtml("<code>").Append(element.GetRawText()).AppendHtml("</code>");
                break;
        }
    }
}
