namespace Provisioning.Api.Accounts;

/// <summary>Says at every start that the key ring is stored unencrypted, when an operator chose that in Production.</summary>
internal sealed partial class UnprotectedKeyRingWarning(ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogUnprotected(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Data Protection key ring is stored unencrypted (DataProtection:AllowUnprotectedKeys=true): a database backup can decrypt every subaccount API key. Set DataProtection:CertificatePath to protect it.")]
    private static partial void LogUnprotected(ILogger logger);
}
