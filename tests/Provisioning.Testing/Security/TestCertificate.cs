using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioning.Testing.Security;

/// <summary>
/// A self-signed PFX made once per test run, so that test services protect their Data Protection key ring as a
/// production deployment must (DataProtection:CertificatePath).
/// </summary>
public static class TestCertificate
{
    public const string Password = "test-key-ring-password";

    private static readonly Lazy<string> File = new(Create);

    public static string Path => File.Value;

    private static string Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Provisioning test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"provisioning-test-key-ring-{Environment.ProcessId}.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
