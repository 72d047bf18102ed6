/** Helpers shared by the web application firewall rules (MS-CDN-3, MS-CDN-4). */
import { blocks, type Config, referenceTo, type StackView, type SynthesizedResource } from "./rule";

/** The types a WAFv2 web ACL and its logging are written as. */
export const WEB_ACL_TYPE = "aws_wafv2_web_acl";
export const WEB_ACL_LOGGING_TYPE = "aws_wafv2_web_acl_logging_configuration";

/** The web ACL of the stack that `reference` (a distribution's `web_acl_id`) names by its ARN. */
export function webAclReferencedBy(stack: StackView, reference: unknown): SynthesizedResource | undefined {
  return stack.resources(WEB_ACL_TYPE).find((acl) => reference === referenceTo(acl, "arn"));
}

/** A managed rule group a rule runs and whether it keeps the group's own actions. */
interface ManagedGroupUse {
  readonly vendor: unknown;
  readonly name: unknown;
  /** false when the rule overrides the group's actions with `count`. */
  readonly blocks: boolean;
}

/**
 * The managed rule groups the web ACL's rules run, written either as `rule` blocks (Terraform's
 * snake_case) or as `rule_json` (the API's PascalCase).
 */
export function managedGroupsOf(acl: Config): ManagedGroupUse[] {
  const fromBlocks = blocks(acl.rule).flatMap((rule) =>
    blocks(rule.statement)
      .flatMap((statement) => blocks(statement.managed_rule_group_statement))
      .map((group) => ({ vendor: group.vendor_name, name: group.name, blocks: !blocks(rule.override_action).some((o) => o.count !== undefined) })),
  );
  let fromJson: ManagedGroupUse[] = [];
  if (typeof acl.rule_json === "string") {
    try {
      const rules: unknown = JSON.parse(acl.rule_json);
      fromJson = blocks(rules).flatMap((rule) =>
        blocks(rule.Statement?.ManagedRuleGroupStatement).map((group) => ({
          vendor: group.VendorName,
          name: group.Name,
          blocks: rule.OverrideAction?.Count === undefined,
        })),
      );
    } catch {
      // An expression or malformed JSON: no group can be shown to run.
    }
  }
  return [...fromBlocks, ...fromJson];
}
