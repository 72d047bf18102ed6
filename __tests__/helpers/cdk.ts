import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
/** The CDK package.json depends on: "cdktf", or "cdktn" after `npm run use:cdktn` (scripts/cdk.js). */
export const { installedCdk } = require(path.join(ROOT, "scripts", "cdk.js")) as { installedCdk(): string };
const { asWrittenBy } = require(path.join(ROOT, "scripts", "cdk-json-diff.js")) as { asWrittenBy<T>(stack: T, from: string, to: string): T };

/**
 * A synthesized stack (parsed cdk.tf.json) as cdktf writes it: under cdktn (`npm run use:cdktn`) the fields that may
 * differ, and only those (the CDK's and the providers' versions, the AWS provider's source;
 * docs/cdktn.md "What changes in the JSON"), are put back to cdktf's values. The reviewed
 * snapshots hold cdktf's JSON and serve both CDKs.
 */
export function asCdktfWrites<T>(stack: T): T {
  return asWrittenBy(stack, installedCdk(), "cdktf");
}
