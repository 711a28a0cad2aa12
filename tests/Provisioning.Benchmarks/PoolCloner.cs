using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Provisioning.Testing.Emulator;
using Provisioning.TwilioEmulator;
using Provisioning.TwilioEmulator.Accounts;
using Provisioning.TwilioEmulator.Conversations;
using Provisioning.TwilioEmulator.Memory;

namespace Provisioning.Benchmarks;

/// <summary>
/// Grows a pool that the service itself seeded (real signups, real subaccounts, real encrypted API keys) to any
/// size in seconds: one full subaccount is the template, and each copy is a new account with the template's
/// tenants under new clientIds, stores and configurations, in PostgreSQL (COPY into a staging table, then one
/// INSERT … SELECT that copies every other column from the template rows) and in the emulator's state (one
/// import). Signing 100,000 tenants up through the API would take about half an hour on this machine.
/// Each copy's API key has its own sid but the template key's secret, so the template's encrypted secret decrypts
/// to the right value for every copy: reconciliation still decrypts one key per account, as in production.
/// </summary>
public static class PoolCloner
{
    /// <summary>Adds accounts copied from the fullest subaccount until the pool holds <paramref name="tenants"/> live tenants; returns how many were added.</summary>
    public static async Task<int> GrowToAsync(string connectionString, TwilioEmulatorHost emulator, int tenants, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var existing = (int)(long)(await Scalar(connection, "select count(*) from tenants where status = 'Ready'", cancellationToken))!;
        if (existing >= tenants) return 0;

        var template = await ReadTemplateAsync(connection, cancellationToken);
        var nextPoolIndex = (int)(await Scalar(connection, "select max(pool_index) + 1 from pool_accounts", cancellationToken))!;
        var state = emulator.Services.GetRequiredService<EmulatorState>();
        var plan = Plan(template, existing, tenants - existing, nextPoolIndex);

        await CopyPlanAsync(connection, template.Sid, plan, cancellationToken);
        await Execute(connection, """
            analyze seed_accounts; analyze seed_tenants;
            insert into pool_accounts
            select (jsonb_populate_record(a, jsonb_build_object(
                'sid', s.sid, 'pool_index', s.pool_index, 'friendly_name', s.friendly_name,
                'credential_sid', s.credential_sid, 'stores_ours', s.stores_ours))).*
            from seed_accounts s join pool_accounts a on a.sid = s.template_sid;
            insert into tenants
            select (jsonb_populate_record(t, jsonb_build_object(
                'id', s.id, 'client_id', s.client_id, 'account_sid', s.account_sid,
                'memory_store_name', 'client-' || s.client_id, 'memory_store_id', s.store_id,
                'configured_store_id', case when t.configured_store_id is null then null else s.store_id end,
                'orchestrator_configuration_id', s.configuration_id, 'configuration_idempotency_key', gen_random_uuid()))).*
            from seed_tenants s join tenants t on t.id = s.template_id;
            analyze pool_accounts; analyze tenants;
            """, cancellationToken);
        AddToEmulator(state, template, plan);
        return plan.Sum(a => a.Tenants.Count);
    }

    private sealed record TemplateTenant(Guid Id, string ClientId, string StoreId, string ConfigurationId);

    private sealed record Template(string Sid, string CredentialSid, IReadOnlyList<TemplateTenant> Tenants);

    private sealed record ClonedTenant(TemplateTenant Template, Guid Id, string ClientId, string StoreId, string ConfigurationId);

    private sealed record ClonedAccount(string Sid, int PoolIndex, string FriendlyName, string CredentialSid, List<ClonedTenant> Tenants);

    /// <summary>The subaccount with the most Ready tenants (and nothing else: no foreign or retired stores) is copied.</summary>
    private static async Task<Template> ReadTemplateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select a.sid, a.credential_sid, t.id, t.client_id, t.memory_store_id, t.orchestrator_configuration_id
            from pool_accounts a join tenants t on t.account_sid = a.sid
            where a.sid = (select a2.sid from pool_accounts a2 join tenants t2 on t2.account_sid = a2.sid
                           where not a2.is_parent and t2.status = 'Ready' and a2.stores_foreign = 0
                             and a2.stores_ours = (select count(*) from tenants t3 where t3.account_sid = a2.sid)
                           group by a2.sid order by count(*) desc, a2.sid limit 1)
            order by t.client_id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? sid = null, credentialSid = null;
        var tenants = new List<TemplateTenant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sid = reader.GetString(0);
            credentialSid = reader.GetString(1);
            tenants.Add(new TemplateTenant(reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }
        return sid is null ? throw new InvalidOperationException("No full subaccount to copy: seed more tenants through the API first.") : new Template(sid, credentialSid!, tenants);
    }

    /// <summary>New clientIds continue the API seeding's numbering (t000000, t000001, …).</summary>
    private static List<ClonedAccount> Plan(Template template, int firstClientNumber, int tenants, int firstPoolIndex)
    {
        var accounts = new List<ClonedAccount>();
        for (var placed = 0; placed < tenants; )
        {
            var poolIndex = firstPoolIndex + accounts.Count;
            var account = new ClonedAccount(Ids.NewAccountSid(), poolIndex, $"provisioning-pool-{poolIndex:D4}", Ids.NewApiKeySid(), []);
            foreach (var tenant in template.Tenants.Take(tenants - placed))
                account.Tenants.Add(new ClonedTenant(tenant, Guid.CreateVersion7(), $"t{firstClientNumber + placed + account.Tenants.Count:D6}", Ids.NewStoreId(), Ids.NewConfigurationId()));
            placed += account.Tenants.Count;
            accounts.Add(account);
        }
        return accounts;
    }

    private static async Task CopyPlanAsync(NpgsqlConnection connection, string templateSid, List<ClonedAccount> plan, CancellationToken cancellationToken)
    {
        await Execute(connection, """
            create temp table seed_accounts (template_sid text, sid text, pool_index int, friendly_name text, credential_sid text, stores_ours int);
            create temp table seed_tenants (template_id uuid, id uuid, client_id text, account_sid text, store_id text, configuration_id text);
            """, cancellationToken);
        await using (var accounts = await connection.BeginBinaryImportAsync("copy seed_accounts from stdin (format binary)", cancellationToken))
        {
            foreach (var account in plan)
            {
                await accounts.StartRowAsync(cancellationToken);
                await accounts.WriteAsync(templateSid, NpgsqlDbType.Text, cancellationToken);
                await accounts.WriteAsync(account.Sid, NpgsqlDbType.Text, cancellationToken);
                await accounts.WriteAsync(account.PoolIndex, NpgsqlDbType.Integer, cancellationToken);
                await accounts.WriteAsync(account.FriendlyName, NpgsqlDbType.Text, cancellationToken);
                await accounts.WriteAsync(account.CredentialSid, NpgsqlDbType.Text, cancellationToken);
                await accounts.WriteAsync(account.Tenants.Count, NpgsqlDbType.Integer, cancellationToken);
            }
            await accounts.CompleteAsync(cancellationToken);
        }
        await using (var tenants = await connection.BeginBinaryImportAsync("copy seed_tenants from stdin (format binary)", cancellationToken))
        {
            foreach (var account in plan)
            foreach (var tenant in account.Tenants)
            {
                await tenants.StartRowAsync(cancellationToken);
                await tenants.WriteAsync(tenant.Template.Id, NpgsqlDbType.Uuid, cancellationToken);
                await tenants.WriteAsync(tenant.Id, NpgsqlDbType.Uuid, cancellationToken);
                await tenants.WriteAsync(tenant.ClientId, NpgsqlDbType.Text, cancellationToken);
                await tenants.WriteAsync(account.Sid, NpgsqlDbType.Text, cancellationToken);
                await tenants.WriteAsync(tenant.StoreId, NpgsqlDbType.Text, cancellationToken);
                await tenants.WriteAsync(tenant.ConfigurationId, NpgsqlDbType.Text, cancellationToken);
            }
            await tenants.CompleteAsync(cancellationToken);
        }
    }

    /// <summary>The copies at the emulator, each object a copy of the template's own, in one import of the whole state.</summary>
    private static void AddToEmulator(EmulatorState state, Template template, List<ClonedAccount> plan)
    {
        lock (state.Sync)
        {
            var current = state.Export();
            var sequence = current.Sequence;
            var parentSid = state.Settings.Current.AccountSid;
            var now = state.Now;
            var key = state.ApiKeys[template.CredentialSid];
            var stores = new List<MemoryStore>(current.Stores);
            var configurations = new List<OrchestratorConfiguration>(current.Configurations);
            var accounts = new List<Account>(current.Accounts);
            var keys = new List<ApiKey>(current.ApiKeys);
            foreach (var account in plan)
            {
                accounts.Add(new Account
                {
                    Sid = account.Sid, AuthToken = Ids.NewAuthToken(), FriendlyName = account.FriendlyName, OwnerAccountSid = parentSid,
                    DateCreated = now, DateUpdated = now, Sequence = ++sequence,
                });
                keys.Add(new ApiKey
                {
                    Sid = account.CredentialSid, Secret = key.Secret, AccountSid = account.Sid, FriendlyName = key.FriendlyName,
                    DateCreated = now, DateUpdated = now, Sequence = ++sequence,
                });
                foreach (var tenant in account.Tenants)
                {
                    var store = state.Stores[tenant.Template.StoreId];
                    stores.Add(new MemoryStore
                    {
                        Id = tenant.StoreId, AccountSid = account.Sid, DisplayName = "client-" + tenant.ClientId, Description = store.Description,
                        CreatedAt = store.CreatedAt, VisibleAt = store.VisibleAt, QueuedUntil = store.QueuedUntil, ActiveAt = store.ActiveAt,
                        IntelligenceServiceId = Ids.NewIntelligenceServiceId(), Sequence = ++sequence,
                    });
                    var configuration = state.Configurations[tenant.Template.ConfigurationId];
                    configurations.Add(new OrchestratorConfiguration
                    {
                        Id = tenant.ConfigurationId, AccountSid = account.Sid,
                        DisplayName = configuration.DisplayName.Replace(tenant.Template.ClientId, tenant.ClientId, StringComparison.Ordinal),
                        Description = configuration.Description, ConversationGroupingType = configuration.ConversationGroupingType,
                        MemoryStoreId = tenant.StoreId,
                        ChannelSettings = configuration.ChannelSettings?.DeepClone().AsObject(),
                        StatusCallbacks = configuration.StatusCallbacks?.DeepClone().AsArray(),
                        IntelligenceConfigurationIds = configuration.IntelligenceConfigurationIds?.DeepClone().AsArray(),
                        TraitExtractionStrategyIds = configuration.TraitExtractionStrategyIds?.DeepClone().AsArray(),
                        ObservationExtractionStrategyIds = configuration.ObservationExtractionStrategyIds?.DeepClone().AsArray(),
                        MemoryExtractionEnabled = configuration.MemoryExtractionEnabled,
                        ConversationsV1BridgeServiceId = configuration.ConversationsV1BridgeServiceId,
                        CreatedAt = configuration.CreatedAt, UpdatedAt = configuration.UpdatedAt, VisibleAt = configuration.VisibleAt,
                        Sequence = ++sequence,
                    });
                }
            }
            state.Import(current with { Sequence = sequence, Accounts = accounts, ApiKeys = keys, Stores = stores, Configurations = configurations });
        }
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // Copying 100,000 tenants takes longer than Npgsql's default 30 s on a busy machine.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
