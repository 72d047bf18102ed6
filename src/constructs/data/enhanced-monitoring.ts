import { Construct } from "constructs";
import { DataAwsCallerIdentity, DataAwsIamPolicyDocument, DataAwsPartition, IamRole, IamRolePolicyAttachment } from "../../aws";
import { AWS_MANAGED } from "../../config/constants";
import { managedPolicyArn, type Naming } from "../../naming";

export interface EnhancedMonitoringProps {
  /** Source of every AWS name. Required. */
  readonly naming: Naming;
  /** Region of the databases the role serves (the confused-deputy condition names them). Required. */
  readonly region: string;
  /** Seconds between RDS's OS metrics: 1, 5, 10, 15, 30 or 60 (config `database.monitoringIntervalSeconds`). Required. */
  readonly intervalSeconds: number;
}

/**
 * The role RDS Enhanced Monitoring publishes OS metrics to CloudWatch Logs with (RDS User Guide,
 * "Setting up and enabling Enhanced Monitoring"): assumable by monitoring.rds.amazonaws.com only on
 * behalf of this account's DB instances in this region (aws:SourceAccount and aws:SourceArn, the
 * confused-deputy conditions AWS recommends), with AWS's AmazonRDSEnhancedMonitoringRole policy
 * (it may only write to the RDSOSMetrics log group). `settings` spreads into every aws_db_instance.
 */
export class EnhancedMonitoring extends Construct {
  public readonly role: IamRole;
  /** `monitoring_interval` and `monitoring_role_arn` for an instance. */
  public readonly settings: { readonly monitoringInterval: number; readonly monitoringRoleArn: string };
  /** RDS checks the role when an instance is created or modified: instances depend on this. */
  public readonly policyAttachment: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: EnhancedMonitoringProps) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition").partition;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const assume = new DataAwsIamPolicyDocument(this, "assume", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition}:rds:${props.region}:${account}:db:*`] },
          ],
        },
      ],
    });
    const name = props.naming.name("rds-monitoring");
    this.role = new IamRole(this, "role", { name, assumeRolePolicy: assume.json, tags: { Name: name } });
    this.policyAttachment = new IamRolePolicyAttachment(this, "policy", {
      role: this.role.name,
      policyArn: managedPolicyArn(partition, AWS_MANAGED.rdsEnhancedMonitoringPolicy),
    });
    this.settings = { monitoringInterval: props.intervalSeconds, monitoringRoleArn: this.role.arn };
  }
}
