import { blocks } from "../guardrails/rule";
import { displayName, type Resource, StackJson, type TerraformJson } from "./terraform-json";
import type { RegionPair } from "./dot";
import { type DiagramNode, type Edge, type ReadOptions, readTopology, VIEWERS } from "./topology";

/**
 * An environment with a standby (`dr`): its stack and the standby's, read as two regions, and what
 * runs between them, each from the synthesized JSON: the standby database replicating the primary
 * (its `replicate_source_db` ARN ends with the primary's identifier), the primary's automated
 * backups replicated into the standby region, the state bucket's replication (from the bootstrap
 * stack's replication rules), and where traffic goes at a failover: the origin name's SECONDARY
 * record, or CloudFront repointed by a targeted apply.
 */
export function readPair(primaryJson: TerraformJson, standbyJson: TerraformJson, stateJson?: TerraformJson, options: Pick<ReadOptions, "bootScripts"> = {}): RegionPair {
  const primary = readTopology(primaryJson, options);
  const standby = readTopology(standbyJson, { ...options, standby: true });
  // The viewers and Route 53's zones are global: one node for both regions.
  const shared = (id: string) => id === VIEWERS || id.startsWith("route53:");
  const ids = {
    primary: (id: string) => (shared(id) ? id : `primary:${id}`),
    standby: (id: string) => (shared(id) ? id : `standby:${id}`),
  };
  const p = new StackJson(primaryJson);
  const s = new StackJson(standbyJson);
  const links: Edge[] = [];
  const extra: { primary: DiagramNode[]; standby: DiagramNode[] } = { primary: [], standby: [] };

  // The database: the standby's source is an ARN ending in `:db:<the primary's identifier>`.
  const sourceOf = (arn: unknown): Resource | undefined =>
    typeof arn === "string" ? p.resources("aws_db_instance").find((db) => db.config.identifier && arn.endsWith(`:db:${db.config.identifier}`)) : undefined;
  for (const db of s.resources("aws_db_instance")) {
    const source = sourceOf(db.config.replicate_source_db);
    if (source) links.push({ from: ids.primary(source.address), to: ids.standby(db.address), label: "cross-region replication", kind: "replication" });
  }
  for (const backups of s.resources("aws_db_instance_automated_backups_replication")) {
    const source = sourceOf(backups.config.source_db_instance_arn);
    if (!source) continue;
    extra.standby.push({ id: backups.address, kind: "store", label: ["Replicated automated backups", `of ${displayName(source)}`, `kept ${backups.config.retention_period} days`] });
    links.push({ from: ids.primary(source.address), to: ids.standby(backups.address), label: "automated backups", kind: "replication" });
  }

  // The state: the bootstrap stack's replication rules from a bucket in the primary's region into one in the standby's.
  if (stateJson) {
    const state = new StackJson(stateJson);
    const regionOf = (bucket: Resource) => {
      const alias = typeof bucket.config.provider === "string" ? bucket.config.provider.replace(/^aws\.?/, "") : "";
      return stateJson.provider?.aws?.find((provider) => (provider.alias ?? "") === alias)?.region;
    };
    for (const replication of state.resources("aws_s3_bucket_replication_configuration")) {
      const [from] = state.referenced(replication.config.bucket, "aws_s3_bucket");
      for (const rule of blocks(replication.config.rule)) {
        const [to] = state.referenced(blocks(rule.destination)[0]?.bucket, "aws_s3_bucket");
        if (!from || !to || regionOf(from) !== primary.region || regionOf(to) !== standby.region) continue;
        const node = (bucket: Resource): DiagramNode => ({ id: `state:${bucket.config.bucket}`, kind: "store", label: ["S3 state bucket", bucket.config.bucket] });
        if (!extra.primary.some((n) => n.id === node(from).id)) extra.primary.push(node(from));
        if (!extra.standby.some((n) => n.id === node(to).id)) extra.standby.push(node(to));
        links.push({ from: ids.primary(node(from).id), to: ids.standby(node(to).id), label: `state replication\n${blocks(rule.filter)[0]?.prefix ?? ""}`, kind: "replication" });
      }
    }
  }

  // Traffic at a failover: the origin name's SECONDARY (drawn by the standby's DNS arrow) or, with
  // no such record, CloudFront repointed at the standby's ALB (or its VPC origin) by a targeted apply.
  const secondary = s.resources("aws_route53_record").some((r) => blocks(r.config.failover_routing_policy)[0]?.type === "SECONDARY");
  const [cdn] = p.resources("aws_cloudfront_distribution");
  const [alb] = s.resources("aws_lb");
  if (!secondary && cdn && alb) {
    const how = s.resources("aws_cloudfront_vpc_origin").length ? "switch to the standby's VPC origin" : "repoint the origin";
    links.push({ from: ids.primary(cdn.address), to: ids.standby(alb.address), label: `failover: targeted apply\n(${how})`, kind: "failover" });
  }
  return { primary, standby, ids, extra, links };
}
