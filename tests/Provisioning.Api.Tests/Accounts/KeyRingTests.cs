using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Api.Tests.Integration;

namespace Provisioning.Api.Tests.Accounts;

/// <summary>The key ring that decrypts every subaccount secret is itself encrypted in the database (DataProtection:CertificatePath).</summary>
public sealed class KeyRingTests(ProvisioningStack stack) : IClassFixture<ProvisioningStack>
{
    [Fact]
    public async Task The_key_ring_is_stored_encrypted_with_the_configured_certificate()
    {
        var protector = stack.Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));

        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) keys.Add(reader.GetString(0));

        Assert.NotEmpty(keys);
        // Unprotected, the master key would be there in clear, as <masterKey><value>base64</value>.
        Assert.All(keys, xml => Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal));
        Assert.All(keys, xml => Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal));
    }
}
