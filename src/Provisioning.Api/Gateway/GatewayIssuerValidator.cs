using Microsoft.Extensions.Options;

namespace Provisioning.Api.Gateway;

/// <summary>
/// Production refuses the default token issuer. A token is accepted where its issuer, audience and signing key match;
/// the signing keys live in the database (encrypted with the key ring), so a staging or disaster-recovery copy of a
/// production backup can mint tokens with production's keys. A per-deployment issuer is what makes production refuse
/// them. Other environments (Development, local runs) keep the default.
/// </summary>
public sealed class GatewayIssuerValidator(IHostEnvironment environment) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        environment.IsProduction() && string.Equals(options.Issuer.Trim(), GatewayOptions.DefaultIssuer, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail(
                $"Gateway:Issuer is the default '{GatewayOptions.DefaultIssuer}', the same in every deployment: tokens minted by another deployment "
                + "with a copy of this one's database would be accepted here. Set Gateway:Issuer to this deployment's own name "
                + "(its public URL, e.g. https://provisioning.example.com); tokens issued before the change are refused after it.")
            : ValidateOptionsResult.Success;
}
