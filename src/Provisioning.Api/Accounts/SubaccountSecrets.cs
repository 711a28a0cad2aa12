using Microsoft.AspNetCore.DataProtection;

namespace Provisioning.Api.Accounts;

/// <summary>Encrypts and decrypts subaccount API key secrets (ASP.NET Core Data Protection), for the pool and key rotation alike.</summary>
public sealed class SubaccountSecrets(IDataProtectionProvider dataProtection)
{
    private const string Purpose = "Provisioning.Accounts.SubaccountApiKeySecret";
    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
