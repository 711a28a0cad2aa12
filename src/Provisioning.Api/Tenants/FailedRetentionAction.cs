namespace Provisioning.Api.Tenants;

/// <summary>What a tenant Failed for longer than Provisioning:FailedSlotRetention does with its slot (docs/reliability.md).</summary>
public enum FailedRetentionAction
{
    /// <summary>Nothing: it holds no slot, or it may hold its client's data (it was Ready once), or Twilio may hold something the service has no id of.</summary>
    Keep,

    /// <summary>Twilio holds nothing of it: the slot goes back and the tenant stays Failed; a retry is placed afresh.</summary>
    ReleaseSlot,

    /// <summary>It never was Ready but Twilio holds what it made: offboarded, erased as offboarding erases.</summary>
    Offboard,
}
