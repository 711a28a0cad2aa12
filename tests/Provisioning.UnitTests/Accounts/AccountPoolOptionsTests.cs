using System.ComponentModel.DataAnnotations;
using Provisioning.Api.Accounts;
using Provisioning.Api.Tenants;

namespace Provisioning.UnitTests.Accounts;

public sealed class AccountPoolOptionsTests
{
    [Fact]
    public void A_dedicated_subaccount_name_fits_twilios_64_characters_for_the_longest_prefix_and_client_id()
    {
        var prefix = new string('p', 31);
        var longest = new AccountPoolOptions { SubaccountPrefix = prefix };

        Assert.Equal(64, longest.DedicatedSubaccountName(new string('a', TenantRules.ClientIdMaxLength)).Length);
        Assert.Empty(Validate(longest));
        Assert.Contains(Validate(new AccountPoolOptions { SubaccountPrefix = prefix + "p" }),
            r => r.MemberNames.Contains(nameof(AccountPoolOptions.SubaccountPrefix)));
    }

    [Fact]
    public void Shared_and_dedicated_subaccounts_are_named_apart()
    {
        var options = new AccountPoolOptions { SubaccountPrefix = "isv" };

        Assert.Equal("isv-pool-0007", options.PooledSubaccountName(7));
        Assert.Equal("isv-tenant-acme", options.DedicatedSubaccountName("acme"));
    }

    private static List<ValidationResult> Validate(AccountPoolOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
