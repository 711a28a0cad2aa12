namespace Provisioning.TwilioEmulator.Admin;

/// <summary>One entry of a configuration's <c>statusCallbacks</c> in the admin API; <c>method</c> is POST or GET.</summary>
public sealed record StatusCallback(string Url, string Method = "POST");
