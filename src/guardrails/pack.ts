import { AWS_REFUSALS } from "./aws-refusals";
import type { Rule } from "./rule";
import { AlbAccessLogs } from "./rules/alb-access-logs";
import { AlbDeletionProtection } from "./rules/alb-deletion-protection";
import { AlbDropsInvalidHeaders } from "./rules/alb-drop-invalid-headers";
import { AlbListenerDeniesByDefault } from "./rules/alb-origin-restricted";
import { AsgElbHealthCheck } from "./rules/asg-elb-health-check";
import { AlbTargetKeepAlive } from "./rules/alb-target-keep-alive";
import { AlbTlsPolicy } from "./rules/alb-tls-policy";
import { CdnViewerHttps } from "./rules/cdn-https";
import { CdnOriginHttps } from "./rules/cdn-origin-https";
import { CdnOriginSecretHeader } from "./rules/cdn-origin-secret";
import { CdnViewerTls } from "./rules/cdn-viewer-tls";
import { CdnWebAcl } from "./rules/cdn-web-acl";
import { MonDatabaseAlarm } from "./rules/mon-database";
import { MonHealthyHostsAlarm } from "./rules/mon-healthy-hosts";
import { Ec2EbsEncrypted } from "./rules/ec2-ebs-encrypted";
import { Ec2Imdsv2Required } from "./rules/ec2-imdsv2";
import { Ec2NoPublicIp } from "./rules/ec2-no-public-ip";
import { RdsBackups } from "./rules/rds-backups";
import { RdsDeletionProtection } from "./rules/rds-deletion-protection";
import { RdsStorageEncrypted } from "./rules/rds-encrypted";
import { RdsFinalSnapshot } from "./rules/rds-final-snapshot";
import { RdsOwnedPassword } from "./rules/rds-owned-password";
import { RdsMultiAz } from "./rules/rds-multi-az";
import { RdsNotPublic } from "./rules/rds-not-public";
import { RdsSecureTransport } from "./rules/rds-secure-transport";
import { RdsStorageCeiling } from "./rules/rds-storage-ceiling";
import { RdsCrossRegionReplicaKey } from "./rules/rds-cross-region-replica-key";
import { DrBackupsReplicated } from "./rules/dr-backups-replicated";
import { SgNoWorldIngress } from "./rules/sg-no-world-ingress";
import { SgNoWorldHttpEgress } from "./rules/sg-no-world-http-egress";
import { SgNoWorldSsh } from "./rules/sg-no-world-ssh";
import { S3BackendEncryptedAndLocked } from "./rules/state-backend";
import { StatefulPreventDestroy } from "./rules/stateful-prevent-destroy";
import { ResourcesTagged } from "./rules/tags";
import { VpcDefaultSgClosed } from "./rules/vpc-default-sg";
import { VpcFlowLogs } from "./rules/vpc-flow-logs";
import { VpcFlowLogsRetained } from "./rules/vpc-flow-logs-retained";
import { WafLogging } from "./rules/waf-logging";

/**
 * The rule pack every stack is checked against, in the order docs/guardrails.md lists it. A rule is
 * added here (an MS-AWS rule in aws-refusals.ts) and in its own file under rules/; the table in
 * docs/guardrails.md is generated from this list.
 */
export const RULES: readonly Rule[] = [
  Ec2Imdsv2Required,
  Ec2EbsEncrypted,
  Ec2NoPublicIp,
  AsgElbHealthCheck,
  SgNoWorldIngress,
  SgNoWorldSsh,
  SgNoWorldHttpEgress,
  VpcFlowLogs,
  VpcDefaultSgClosed,
  VpcFlowLogsRetained,
  RdsStorageEncrypted,
  RdsNotPublic,
  RdsBackups,
  RdsOwnedPassword,
  RdsDeletionProtection,
  RdsFinalSnapshot,
  RdsMultiAz,
  RdsSecureTransport,
  RdsStorageCeiling,
  RdsCrossRegionReplicaKey,
  DrBackupsReplicated,
  AlbDropsInvalidHeaders,
  AlbDeletionProtection,
  AlbAccessLogs,
  AlbListenerDeniesByDefault,
  AlbTargetKeepAlive,
  AlbTlsPolicy,
  CdnViewerHttps,
  CdnOriginSecretHeader,
  CdnWebAcl,
  WafLogging,
  CdnViewerTls,
  CdnOriginHttps,
  MonHealthyHostsAlarm,
  MonDatabaseAlarm,
  S3BackendEncryptedAndLocked,
  StatefulPreventDestroy,
  ResourcesTagged,
  // What AWS refuses at apply time (MS-AWS): a category of its own, listed in aws-refusals.ts.
  ...AWS_REFUSALS,
];
