using FluentValidation;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api.Tenants;

public sealed class CreateTenantRequestValidator : AbstractValidator<CreateTenantRequest>
{
    // The URLs a tenant gives are called from inside the deployment's network, by us or by Twilio: outbound judges them.
    public CreateTenantRequestValidator(OutboundAddressPolicy outbound)
    {
        RuleFor(r => r.ClientId)
            .NotEmpty()
            .MaximumLength(TenantRules.ClientIdMaxLength)
            .Matches(TenantRules.ClientIdPattern())
            .WithMessage("'clientId' must be 1-25 characters of lowercase letters, digits and hyphens, starting with a letter or digit.");

        RuleFor(r => r.DisplayName)
            .NotEmpty().When(r => r.DisplayName is not null, ApplyConditionTo.CurrentValidator)
            .MaximumLength(TenantRules.DisplayNameMaxLength)
            .Must(NotContainControlCharacters).WithMessage("'displayName' must not contain control characters.");

        RuleFor(r => r.CallbackUrl)
            .MaximumLength(MaxUrlLength)
            .Must(u => u is null || outbound.RefusalOf(u, checkAllowedHosts: true) is null)
            .WithMessage((_, u) => $"'callbackUrl' {outbound.RefusalOf(u!, checkAllowedHosts: true)}.");

        RuleFor(r => r.Isolation)
            .Must(i => i is null || TenantRules.Isolations.ContainsKey(i))
            .WithMessage($"'isolation' must be one of {string.Join(", ", TenantRules.Isolations.Keys)}.");

        // Its form only: whether such a blueprint exists is the signup's to say (422), as it can change any time.
        RuleFor(r => r.Blueprint)
            .Must(b => b is null || TenantRules.IsValidBlueprintName(b))
            .WithMessage("'blueprint' must be a blueprint name: 1-63 lowercase letters, digits and hyphens, starting with a letter.");

        When(r => r.Orchestrator is not null, () =>
        {
            RuleFor(r => r.Orchestrator!.ConversationGroupingType)
                .Must(t => t is null || OrchestratorSettings.GroupingTypes.Contains(t))
                .WithMessage($"'conversationGroupingType' must be one of {string.Join(", ", OrchestratorSettings.GroupingTypes)}.")
                .OverridePropertyName("orchestrator.conversationGroupingType");

            RuleFor(r => r.Orchestrator!.StatusCallbacks)
                .Must(c => c is null || c.Count <= TenantRules.MaxStatusCallbacks)
                .WithMessage($"At most {TenantRules.MaxStatusCallbacks} status callbacks are allowed.")
                .OverridePropertyName("orchestrator.statusCallbacks");

            RuleForEach(r => r.Orchestrator!.StatusCallbacks)
                .NotNull()
                .ChildRules(callback =>
                {
                    // Twilio calls these, not us: the same scheme and literal address rules, but not our allowed hosts.
                    callback.RuleFor(c => c!.Url)
                        .NotEmpty()
                        .MaximumLength(MaxUrlLength)
                        .Must(u => u is null || outbound.RefusalOf(u, checkAllowedHosts: false) is null)
                        .WithMessage((_, u) => $"'url' {outbound.RefusalOf(u!, checkAllowedHosts: false)}.");
                    callback.RuleFor(c => c!.Method)
                        .Must(m => m is null || m.ToUpperInvariant() is "POST" or "GET")
                        .WithMessage("'method' must be POST or GET.");
                })
                .OverridePropertyName("orchestrator.statusCallbacks");

            RuleFor(r => r.Orchestrator!.Channels)
                .Custom((channels, context) =>
                {
                    foreach (var (field, message) in ChannelErrors(channels)) context.AddFailure(field, message);
                });
        });
    }

    /// <summary>Every problem with <c>orchestrator.channels</c>, by the field it concerns.</summary>
    private static IEnumerable<(string Field, string Message)> ChannelErrors(IReadOnlyDictionary<string, ChannelRequest?>? channels)
    {
        if (channels is null) yield break;
        foreach (var (name, settings) in channels)
        {
            var field = $"orchestrator.channels.{name}";
            // Channel names as Twilio spells them, in any case (a JSON client may camel-case them).
            var channel = name.ToUpperInvariant();
            if (!TenantChannels.All.Contains(channel))
            {
                yield return (field, $"Unknown channel; use one of {string.Join(", ", TenantChannels.All)}.");
                continue;
            }
            if (channels.Keys.Count(k => k.ToUpperInvariant() == channel) > 1)
            {
                yield return (field, $"{channel} is given twice.");
                continue;
            }
            if (settings?.Addresses is not { Count: > 0 } addresses)
            {
                yield return ($"{field}.addresses", "At least one address is required (set the channel to null to remove it).");
                continue;
            }
            var max = TenantChannels.MaxAddresses(channel);
            if (addresses.Count > max)
                yield return ($"{field}.addresses", $"At most {max} addresses on {channel} (Twilio allows 100 capture rules per channel).");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < addresses.Count; i++)
            {
                var address = addresses[i] is { } a ? TenantChannels.Normalize(channel, a) : null;
                if (address is null || !TenantChannels.E164().IsMatch(address))
                    yield return ($"{field}.addresses[{i}]", "An address is an E.164 number such as +15551234567" + (channel == TenantChannels.WhatsApp ? " (whatsapp: prefix optional)." : "."));
                else if (!seen.Add(address))
                    yield return ($"{field}.addresses[{i}]", $"{address} is listed twice.");
            }
            if (settings.StatusTimeouts is { } timeouts)
            {
                if (timeouts.Inactive is < 1) yield return ($"{field}.statusTimeouts.inactive", "Minutes, at least 1.");
                if (timeouts.Closed is < 1) yield return ($"{field}.statusTimeouts.closed", "Minutes, at least 1.");
            }
        }
    }

    private static bool NotContainControlCharacters(string? value) => value is null || !value.Any(char.IsControl);

    private const int MaxUrlLength = 2048;
}
