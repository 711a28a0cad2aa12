namespace Provisioning.TwilioEmulator.Schema;

public enum SchemaChangeKind
{
    CreateTraitGroup,
    PatchTraitGroup,
    DeleteTraitGroup,
    ReplaceIdentityResolution,
    CreateDataMapping,
    PatchDataMapping,
    DeleteDataMapping,
}
