import { DbInstance } from "../../../src/aws";
import { Compliance } from "../../../src/guardrails";
import { AwsReplicaOfManagedPassword } from "../../../src/guardrails/rules/aws-replica-managed-password";
import { judge } from "../fixtures";

const primary = { identifier: "db", engine: "mysql", instanceClass: "db.t3.micro", allocatedStorage: 20, username: "admin" };
const replicaOf = (source: DbInstance) => ({ identifier: "replica", instanceClass: "db.t3.micro", replicateSourceDb: source.identifier });

describe("MS-AWS-1: no read replica of a source whose master password RDS manages", () => {
  it("violated: a replica of a primary with manage_master_user_password (RDS answers InvalidParameterValue at apply)", () => {
    const verdict = judge(AwsReplicaOfManagedPassword, (s) => {
      const source = new DbInstance(s, "db", { ...primary, manageMasterUserPassword: true });
      new DbInstance(s, "replica", replicaOf(source));
    });
    expect(verdict).toEqual({ "aws_db_instance.db": Compliance.NOT_APPLICABLE, "aws_db_instance.replica": Compliance.NON_COMPLIANT });
  });

  it("compliant: a replica of a primary given its password through password_wo; a source named by ARN is another stack's to judge", () => {
    const verdict = judge(AwsReplicaOfManagedPassword, (s) => {
      const source = new DbInstance(s, "db", { ...primary, passwordWo: "${var.password}", passwordWoVersion: 1 });
      new DbInstance(s, "replica", replicaOf(source));
      new DbInstance(s, "standby", { identifier: "standby", instanceClass: "db.t3.micro", replicateSourceDb: "arn:aws:rds:ap-northeast-2:111122223333:db:db" });
    });
    expect(verdict).toEqual({
      "aws_db_instance.db": Compliance.NOT_APPLICABLE,
      "aws_db_instance.replica": Compliance.COMPLIANT,
      "aws_db_instance.standby": Compliance.NOT_APPLICABLE,
    });
  });
});
