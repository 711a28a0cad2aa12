using FluentValidation;
using FluentValidation.Results;

namespace Provisioning.Api.Console;

/// <summary>
/// What every console action asks for: an explicit confirmation and a reason (kept in the audit trail). Checked
/// here, on the server, whatever the browser did with the form's <c>required</c> attributes.
/// </summary>
public sealed class ActionForm
{
    public string? Reason { get; set; }

    public bool Confirmed { get; set; }

    /// <summary>The reason, trimmed; a validation problem (400) when it is missing or the action was not confirmed.</summary>
    public string RequireReason()
    {
        var failures = new List<ValidationFailure>();
        if (string.IsNullOrWhiteSpace(Reason)) failures.Add(new ValidationFailure("reason", "Give a reason: it is kept in the audit trail."));
        if (!Confirmed) failures.Add(new ValidationFailure("confirmed", "Tick the confirmation to carry out the action."));
        if (failures.Count > 0) throw new ValidationException(failures);
        return Reason!.Trim();
    }

    /// <summary>A validation problem (400) unless the action was confirmed.</summary>
    public void RequireConfirmation()
    {
        if (!Confirmed) throw new ValidationException([new ValidationFailure("confirmed", "Tick the confirmation to carry out the action.")]);
    }
}
