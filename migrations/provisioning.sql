CREATE TABLE IF NOT EXISTS __ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261124145656_InitialCreate') THEN
    CREATE TABLE tenants (
        id uuid NOT NULL,
        client_id character varying(25) NOT NULL,
        display_name character varying(128),
        orchestrator jsonb NOT NULL,
        status character varying(32) NOT NULL,
        account_sid character varying(34) NOT NULL,
        memory_store_name character varying(64) NOT NULL,
        store_create_requested_at timestamp with time zone,
        memory_store_operation_id character varying(512),
        memory_store_id character varying(128),
        memory_store_active_at timestamp with time zone,
        configuration_idempotency_key uuid,
        configuration_requested_at timestamp with time zone,
        orchestrator_configuration_id character varying(128),
        configuration_operation_id character varying(512),
        failed_attempts integer NOT NULL,
        last_error character varying(2048),
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        ready_at timestamp with time zone,
        CONSTRAINT pk_tenants PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261124145656_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_tenants_client_id ON tenants (client_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261124145656_InitialCreate') THEN
    CREATE UNIQUE INDEX ix_tenants_memory_store_id ON tenants (memory_store_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261124145656_InitialCreate') THEN
    CREATE INDEX ix_tenants_status_id ON tenants (status, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261124145656_InitialCreate') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261124145656_InitialCreate', '10.0.4');
    END IF;
END $EF$;
COMMIT;

