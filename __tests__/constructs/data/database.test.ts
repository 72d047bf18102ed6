import { CloudwatchLogGroup, DbInstance, DbParameterGroup, DbSubnetGroup } from "../../../src/aws";
import { Database } from "../../../src/constructs/data/database";
import type { SettingsInput } from "../../../src/config/schema";
import { Naming } from "../../../src/naming";
import { byName, ref, resourcesOf, settingsFor, synthConstruct } from "../../helpers";

/** What MasterCredentials hands the database: an ephemeral value and its version. */
const MASTER_PASSWORD = { value: "${jsondecode(ephemeral.aws_secretsmanager_secret_version.stored.secret_string).password}", version: 3 };

const build = (environment = "dev", overrides: SettingsInput = {}) =>
  synthConstruct((scope) => {
    const s = settingsFor(environment, overrides);
    new Database(scope, "database", {
      masterPassword: MASTER_PASSWORD,
      naming: new Naming(s.namePrefix),
      settings: s.database,
      subnetIds: ["subnet-db-a", "subnet-db-c"],
      securityGroupId: "sg-db",
      primaryAz: "ap-northeast-2a",
      replicaAz: "ap-northeast-2c",
      protect: s.protectStatefulResources,
    });
  });

describe("Database (dev)", () => {
  const { json, tf } = build();
  const primary = () => byName(tf, "aws_db_instance", "multiple-server-db-a");

  it("puts multiple-server-subnet-group over the two database subnets", () => {
    expect(json).toHaveResourceWithProperties(DbSubnetGroup, {
      name: "multiple-server-subnet-group",
      subnet_ids: ["subnet-db-a", "subnet-db-c"],
    });
  });

  it("creates the primary multiple-server-db-a: MySQL 8.4, db.t3.micro, 20 GiB gp3, encrypted, private, in 2a", () => {
    const subnetGroup = byName(tf, "aws_db_subnet_group", "multiple-server-subnet-group");
    expect(json).toHaveResourceWithProperties(DbInstance, {
      identifier: "multiple-server-db-a",
      engine: "mysql",
      engine_version: "8.4",
      instance_class: "db.t3.micro",
      allocated_storage: 20,
      storage_type: "gp3",
      storage_encrypted: true,
      publicly_accessible: false,
      availability_zone: "ap-northeast-2a",
      multi_az: false,
      db_subnet_group_name: ref("aws_db_subnet_group", subnetGroup.id, "name"),
      vpc_security_group_ids: ["sg-db"],
    });
  });

  it("takes the master password through the write-only password_wo, never password, and no RDS-managed secret", () => {
    expect(primary().body).toEqual(
      expect.objectContaining({ username: "admin", password_wo: MASTER_PASSWORD.value, password_wo_version: MASTER_PASSWORD.version }),
    );
    // RDS refuses a replica of a source whose password it manages (RDS User Guide, Limitations).
    expect(primary().body.manage_master_user_password).toBeUndefined();
    expect(json).not.toMatch(/"(master_)?password"\s*:/);
  });

  it("keeps automated backups, exports error and slow query logs, with the slow log switched on", () => {
    expect(primary().body.backup_retention_period).toBe(1);
    expect(primary().body.enabled_cloudwatch_logs_exports).toEqual(["error", "slowquery"]);
    expect(json).toHaveResourceWithProperties(DbParameterGroup, {
      name: "multiple-server-mysql84",
      family: "mysql8.4",
      parameter: expect.arrayContaining([{ name: "slow_query_log", value: "1" }]),
    });
  });

  it("declares the log groups RDS exports to, kept 90 days, before either instance exists", () => {
    const groups = resourcesOf(tf, "aws_cloudwatch_log_group");
    expect(groups.map(([, g]) => [g.name, g.retention_in_days]).sort()).toEqual([
      ["/aws/rds/instance/multiple-server-db-a/error", 90],
      ["/aws/rds/instance/multiple-server-db-a/slowquery", 90],
      ["/aws/rds/instance/multiple-server-db-c/error", 90],
      ["/aws/rds/instance/multiple-server-db-c/slowquery", 90],
    ]);
    const address = (name: string) => `aws_cloudwatch_log_group.${groups.find(([, g]) => g.name === name)![0]}`;
    for (const db of ["multiple-server-db-a", "multiple-server-db-c"]) {
      expect(byName(tf, "aws_db_instance", db).body.depends_on).toEqual([
        address(`/aws/rds/instance/${db}/error`),
        address(`/aws/rds/instance/${db}/slowquery`),
      ]);
    }
  });

  it("requires TLS for every connection in its parameter group, and both instances use that group", () => {
    const group = byName(tf, "aws_db_parameter_group", "multiple-server-mysql84");
    expect(group.body.parameter).toEqual(expect.arrayContaining([{ name: "require_secure_transport", value: "1" }]));
    for (const db of ["multiple-server-db-a", "multiple-server-db-c"]) {
      expect(byName(tf, "aws_db_instance", db).body.parameter_group_name).toBe(ref("aws_db_parameter_group", group.id, "name"));
    }
  });

  it("lets storage grow to 5 times the allocation (100 GiB) on the primary and the replica, instead of stopping on a full disk", () => {
    for (const db of ["multiple-server-db-a", "multiple-server-db-c"]) {
      expect(byName(tf, "aws_db_instance", db).body.max_allocated_storage).toBe(100);
    }
  });

  it("applies changes at once in dev, on both instances", () => {
    for (const db of ["multiple-server-db-a", "multiple-server-db-c"]) {
      expect(byName(tf, "aws_db_instance", db).body.apply_immediately).toBe(true);
    }
  });

  it("takes its storage autoscaling ceiling from database.maxAllocatedStorageGiB", () => {
    const withCeiling = synthConstruct((scope) => {
      const s = settingsFor("dev", { database: { maxAllocatedStorageGiB: 50 } });
      new Database(scope, "database", {
        masterPassword: MASTER_PASSWORD,
        naming: new Naming(s.namePrefix),
        settings: s.database,
        subnetIds: ["subnet-db-a", "subnet-db-c"],
        securityGroupId: "sg-db",
        primaryAz: "ap-northeast-2a",
        replicaAz: "ap-northeast-2c",
      });
    });
    const db = byName(withCeiling.tf, "aws_db_instance", "multiple-server-db-a").body;
    expect([db.master_user_secret_kms_key_id, db.max_allocated_storage]).toEqual([undefined, 50]);
  });

  it("skips the final snapshot and has no deletion protection in dev", () => {
    expect(primary().body).toEqual(expect.objectContaining({ skip_final_snapshot: true, deletion_protection: false }));
    expect(primary().body.final_snapshot_identifier).toBeUndefined();
    expect(primary().body.lifecycle).toBeUndefined();
  });

  it("creates the replica multiple-server-db-c from the primary, same class, in 2c, no credentials", () => {
    const replica = byName(tf, "aws_db_instance", "multiple-server-db-c").body;
    expect(replica.replicate_source_db).toBe(ref("aws_db_instance", primary().id, "identifier"));
    expect(replica.instance_class).toBe("db.t3.micro");
    expect(replica.availability_zone).toBe("ap-northeast-2c");
    expect(replica.publicly_accessible).toBe(false);
    for (const key of ["username", "password", "password_wo", "password_wo_version", "manage_master_user_password", "engine", "allocated_storage"]) {
      expect(replica[key]).toBeUndefined();
    }
  });
});

describe("Database (prod)", () => {
  const { json, tf } = build("prod");
  const primary = byName(tf, "aws_db_instance", "multiple-server-prod-db-a").body;
  const replica = byName(tf, "aws_db_instance", "multiple-server-prod-db-c").body;

  it("keeps the primary's data: Multi-AZ, deletion protection, prevent_destroy, a week of backups, a final snapshot", () => {
    expect(json).toHaveResourceWithProperties(DbInstance, {
      identifier: "multiple-server-prod-db-a",
      multi_az: true,
      deletion_protection: true,
      lifecycle: { prevent_destroy: true },
      backup_retention_period: 7,
      skip_final_snapshot: false,
      final_snapshot_identifier: "multiple-server-prod-db-a-final",
    });
  });

  it("protects the replica too: deletion protection and prevent_destroy", () => {
    expect(json).toHaveResourceWithProperties(DbInstance, {
      identifier: "multiple-server-prod-db-c",
      deletion_protection: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("runs a Multi-AZ primary (zone chosen by RDS) with a week of backups", () => {
    expect(primary.multi_az).toBe(true);
    expect(primary.availability_zone).toBeUndefined();
    expect(primary.backup_retention_period).toBe(7);
  });

  it("protects both instances: deletion protection, a final snapshot, prevent_destroy", () => {
    expect(primary).toEqual(
      expect.objectContaining({
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: "multiple-server-prod-db-a-final",
        lifecycle: { prevent_destroy: true },
      }),
    );
    expect(replica).toEqual(expect.objectContaining({ deletion_protection: true, lifecycle: { prevent_destroy: true } }));
  });

  it("holds changes that restart or fail over the database for the maintenance window", () => {
    expect([primary.apply_immediately, replica.apply_immediately]).toEqual([false, false]);
  });

  it("keeps the exported logs from an accidental destroy too", () => {
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/rds/instance/multiple-server-prod-db-a/slowquery",
      lifecycle: { prevent_destroy: true },
    });
    expect(resourcesOf(tf, "aws_cloudwatch_log_group").every(([, g]) => g.lifecycle?.prevent_destroy === true)).toBe(true);
  });
});

describe("Database with its own maintenance and backup windows", () => {
  const { tf } = build("prod", { database: { maintenanceWindow: "sun:18:00-sun:19:00", backupWindow: "17:00-17:30" } });
  const primary = byName(tf, "aws_db_instance", "multiple-server-prod-db-a").body;
  const replica = byName(tf, "aws_db_instance", "multiple-server-prod-db-c").body;

  it("keeps maintenance on the primary and the replica in the window given", () => {
    expect([primary.maintenance_window, replica.maintenance_window]).toEqual(["sun:18:00-sun:19:00", "sun:18:00-sun:19:00"]);
  });

  it("gives the replica the primary's backup window, which RDS checks its maintenance window against", () => {
    expect([primary.backup_window, replica.backup_window]).toEqual(["17:00-17:30", "17:00-17:30"]);
    expect(replica.replicate_source_db).toBeDefined();
  });

  it("leaves both to RDS when unset", () => {
    const dev = build().tf;
    for (const [, instance] of resourcesOf(dev, "aws_db_instance")) {
      expect([instance.maintenance_window, instance.backup_window]).toEqual([undefined, undefined]);
    }
  });
});

describe("Database with MySQL parameters of the user's", () => {
  const parameters = { max_connections: 200, character_set_server: "utf8mb4", innodb_log_buffer_size: { value: 33554432, applyMethod: "pending-reboot" as const } };
  const { tf } = build("dev", { database: { parameters } });
  const group = byName(tf, "aws_db_parameter_group", "multiple-server-mysql84").body;

  it("adds them to the parameter group after the stack's own, which stay", () => {
    expect(group.parameter).toEqual([
      { name: "require_secure_transport", value: "1" },
      { name: "slow_query_log", value: "1" },
      { name: "long_query_time", value: "2" },
      { name: "log_output", value: "FILE" },
      { name: "max_connections", value: "200" },
      { name: "character_set_server", value: "utf8mb4" },
      { name: "innodb_log_buffer_size", value: "33554432", apply_method: "pending-reboot" },
    ]);
  });
});
