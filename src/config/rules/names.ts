// Names: the name prefix, the names derived from it, and environment names.
import { Naming, STATE_STACK_NAME, stackName } from "../../naming";
import type { ConfigProblem } from "../errors";
import { S3_RESERVED_BUCKET_STARTS } from "./backend";
import { check } from "./check";

/** Lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen. */
export const LOWERCASE_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/**
 * Name prefixes AWS keeps for itself: an ALB name may not start with internal-, a security group
 * name not with sg-, and the access-log bucket's name (which starts with the prefix) not with S3's.
 */
const RESERVED_NAME_STARTS: ReadonlyArray<readonly [start: string, service: string]> = [
  ["internal-", "ALB names"],
  ["sg-", "security group names"],
  ...S3_RESERVED_BUCKET_STARTS.map((start) => [start, "S3 bucket names"] as const),
];

export const checkNamePrefix = check(["namePrefix"], (s, problem) => {
  if (!LOWERCASE_NAME.test(s.namePrefix)) {
    problem(
      "namePrefix",
      s.namePrefix,
      "must be lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen",
    );
    return;
  }
  for (const [start, service] of RESERVED_NAME_STARTS) {
    if (s.namePrefix.startsWith(start)) problem("namePrefix", s.namePrefix, `must not start with ${start} (AWS does not allow it at the start of ${service})`);
  }
});

export const checkDerivedNames = check(["namePrefix", "network"], (s, problem) => {
  // A prefix of the wrong characters is reported above; its lengths would only add noise.
  if (!LOWERCASE_NAME.test(s.namePrefix)) return;
  const naming = new Naming(s.namePrefix);
  const lastAz = s.network.availabilityZones.at(-1) ?? "a";
  // The longest name each service derives from the prefix, against that service's limit.
  const limits: Array<[string, string, number]> = [
    ["ALB name", naming.name("alb"), 32],
    ["target group name", naming.name("tg"), 32],
    ["RDS identifier", naming.perAz("db", lastAz), 63],
    ["IAM role name", naming.name("flow-logs"), 64],
    ["S3 bucket prefix", naming.bucketPrefix("alb-logs"), 37],
  ];
  for (const [what, name, max] of limits) {
    if (name.length > max) {
      problem("namePrefix", s.namePrefix, `makes the ${what} ${name} ${name.length} characters long (AWS allows ${max})`);
    }
  }
});

/** Longest workspace name HCP Terraform accepts; the stack name is the default workspace. */
const MAX_WORKSPACE_NAME = 90;

/**
 * An environment's name becomes its stack id (`multiple-server-<name>`), a segment of its state
 * key and its Environment tag: a space breaks the stack id, a slash adds a folder to the key,
 * `Dev` beside `dev` would be two stacks for one idea, and `state` would be the bootstrap stack's id.
 */
export function checkEnvironmentName(name: string): ConfigProblem[] {
  const problem = (rule: string): ConfigProblem[] => [{ environment: "app", path: "environments", value: name, rule }];
  if (!LOWERCASE_NAME.test(name)) {
    return problem("is not an environment name (lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen)");
  }
  const workspace = stackName(name);
  // The state bootstrap stack is built beside the environments' stacks: two stacks with one id
  // make cdktf fail with a construct-name clash instead of a message.
  if (workspace === STATE_STACK_NAME) {
    return problem(`is reserved: its stack would be ${STATE_STACK_NAME}, the state bootstrap stack; choose another name`);
  }
  if (workspace.length > MAX_WORKSPACE_NAME) {
    return problem(`makes the stack and HCP Terraform workspace name ${workspace} ${workspace.length} characters long (HCP Terraform allows ${MAX_WORKSPACE_NAME})`);
  }
  return [];
}
