using System.Buffers.Text;

namespace Provisioning.Api.Tenants;

/// <summary>
/// The cursor of every keyset-paged list (tenants, a tenant's events and webhook deliveries): opaque to clients, the
/// id (a UUIDv7, so time-ordered) of the last item on the previous page.
/// </summary>
public static class KeysetCursor
{
    public static string Encode(Guid lastId) => Base64Url.EncodeToString(lastId.ToByteArray(bigEndian: true));

    public static bool TryDecode(string? cursor, out Guid id)
    {
        id = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64 || !Base64Url.IsValid(cursor)) return false;
        var bytes = new byte[24];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16) return false;
        id = new Guid(bytes.AsSpan(0, 16), bigEndian: true);
        return true;
    }
}
