using Provisioning.Api.Twilio;

namespace Provisioning.UnitTests.Twilio;

/// <summary>How the single-parent keys and Twilio:Parents combine: each alone, both only when they agree.</summary>
public sealed class TwilioOptionsValidatorTests
{
    private const string First = "AC00000000000000000000000000000001";
    private const string Second = "AC00000000000000000000000000000002";

    private static TwilioParentOptions Parent(string sid, string token = "token", int? max = null, string? name = null) =>
        new() { AccountSid = sid, AuthToken = token, MaxSubaccounts = max, Name = name };

    private static IEnumerable<string> Failures(TwilioOptions options) =>
        new TwilioOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void The_single_parent_keys_alone_are_parent_0_with_the_ceiling_of_Twilio_MaxSubaccounts()
    {
        var options = new TwilioOptions { AccountSid = First, AuthToken = "token", MaxSubaccounts = 7 };

        Assert.Empty(Failures(options));
        var parent = Assert.Single(options.ParentAccounts());
        Assert.Equal((0, "parent", First, First, 7), (parent.Order, parent.Name, parent.AccountSid, parent.Credentials.Username, parent.MaxSubaccounts));
    }

    [Fact]
    public void The_list_alone_is_the_parents_in_order_each_with_its_own_ceiling_or_the_shared_default()
    {
        var options = new TwilioOptions { MaxSubaccounts = 9, Parents = [Parent(First, max: 2, name: "us"), Parent(Second)] };
        options.Parents[1].ApiKeySid = "SK00000000000000000000000000000002";

        Assert.Empty(Failures(options));
        Assert.Equal([("us", First, First, 2), ("parent-1", Second, "SK00000000000000000000000000000002", 9)],
            options.ParentAccounts().Select(p => (p.Name, p.AccountSid, p.Credentials.Username, p.MaxSubaccounts)));
    }

    [Fact]
    public void Both_forms_are_accepted_only_when_the_single_parent_keys_repeat_parent_0()
    {
        Assert.Empty(Failures(new TwilioOptions { AccountSid = First, AuthToken = "token", Parents = [Parent(First), Parent(Second)] }));

        Assert.Contains(Failures(new TwilioOptions { AccountSid = Second, AuthToken = "token", Parents = [Parent(First)] }), f => f.Contains("ambiguous"));
        Assert.Contains(Failures(new TwilioOptions { AccountSid = First, AuthToken = "other", Parents = [Parent(First)] }), f => f.Contains("ambiguous"));
        Assert.Contains(Failures(new TwilioOptions { AuthToken = "token", Parents = [Parent(First)] }), f => f.Contains("ambiguous"));
    }

    [Fact]
    public void A_parent_listed_twice_or_without_a_token_or_two_parents_of_one_name_are_refused_naming_the_key()
    {
        Assert.Contains(Failures(new TwilioOptions { Parents = [Parent(First), Parent(First)] }),
            f => f.Contains("name the same account"));
        Assert.Contains(Failures(new TwilioOptions { Parents = [Parent(First), Parent(Second, token: "")] }), f => f.Contains("Twilio:Parents:1:AuthToken"));
        Assert.Contains(Failures(new TwilioOptions { Parents = [Parent(First, name: "eu"), Parent(Second, name: "eu")] }), f => f.Contains("'eu'"));
        Assert.Contains(Failures(new TwilioOptions { Parents = [Parent(First, max: -1)] }), f => f.Contains("Twilio:Parents:0:MaxSubaccounts"));
        Assert.Contains(Failures(new TwilioOptions()), f => f.Contains("Twilio:AccountSid is required"));
    }
}
