namespace Provisioning.Api.Console;

/// <summary>What the shared action form (_ActionForm) shows for one action, posted to <see cref="Handler"/> of the current page.</summary>
public sealed record ActionFormView(string Id, string Label, string Handler, string Description, string Confirmation, bool Danger = false, bool AskReason = true)
{
    /// <summary>Extra options of the action, as (form field, label).</summary>
    public IReadOnlyList<(string Name, string Label)> Checkboxes { get; init; } = [];

    /// <summary>Route values the post keeps (the page's own, e.g. the account it acts on).</summary>
    public IDictionary<string, string> RouteData { get; init; } = new Dictionary<string, string>();
}
