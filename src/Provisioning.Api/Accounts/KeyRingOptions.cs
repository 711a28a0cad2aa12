namespace Provisioning.Api.Accounts;

/// <summary>
/// How the Data Protection key ring, which decrypts every subaccount's API key secret, is protected at rest. It is
/// kept in PostgreSQL next to the secrets it protects: without a certificate, a database backup decrypts them all.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A PFX file (as Kubernetes mounts a secret) whose certificate encrypts the key ring.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Accept an unencrypted key ring in Production (a warning is logged at start). Other environments allow it.</summary>
    public bool AllowUnprotectedKeys { get; set; }
}
