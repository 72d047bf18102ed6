import * as fs from "node:fs";
import * as path from "node:path";
import type { Settings } from "../../src/config/schema";
import { resourcesOf, settingsFor, synthStack } from "../helpers";
import { noTerraform, skippedSuite, tempDir, terraform, terraformEnv, terraformVersion } from "./terraform";

/*
 * Terraform itself plans the VPC origin's replacement, from the lifecycle and trigger our synth
 * writes. AWS and the AWS provider are out of reach here, so the AWS resources stand in as
 * terraform_data (Terraform's built-in provider, nothing to download) carrying exactly the
 * synthesized `lifecycle` and trigger: what is checked is Terraform's plan of them, create the new
 * VPC origin, move the distribution, delete the old one (CloudFront's 409 otherwise:
 * hashicorp/terraform-provider-aws#40905), one plan per change that triggers it.
 */

/** The address cdktf gave a resource, as terraform_data's stand-in names it. */
const STAND_IN = { alb: "terraform_data.alb", trigger: "terraform_data.trigger", origin: "terraform_data.vpc_origin", distribution: "terraform_data.distribution" };

/** A configuration of Terraform's built-in provider only, standing in for the stack's ALB, trigger, VPC origin and distribution. */
function standIn(settings: Settings): object {
  const { tf } = synthStack(settings);
  const [[albId, alb]] = resourcesOf(tf, "aws_lb");
  const [[triggerId, trigger]] = resourcesOf(tf, "terraform_data").filter(([id]) => id.includes("vpc-origin-endpoint"));
  const [[originId, origin]] = resourcesOf(tf, "aws_cloudfront_vpc_origin");
  const rename = (text: string) =>
    text
      .replaceAll(`aws_lb.${albId}.arn`, `${STAND_IN.alb}.id`)
      .replaceAll(`terraform_data.${triggerId}`, STAND_IN.trigger)
      .replaceAll(`aws_cloudfront_vpc_origin.${originId}`, STAND_IN.origin);
  const swap = <T>(value: T): T => JSON.parse(rename(JSON.stringify(value)));
  const [, distribution] = resourcesOf(tf, "aws_cloudfront_distribution")[0];
  return {
    resource: {
      terraform_data: {
        // An ALB is replaced when its name changes (a renamed prefix) or by -replace.
        alb: { triggers_replace: { name: alb.name } },
        trigger: swap({ triggers_replace: trigger.triggers_replace }),
        vpc_origin: swap({ input: origin.vpc_origin_endpoint_config, lifecycle: origin.lifecycle }),
        distribution: swap({ input: distribution.origin[0].vpc_origin_config }),
      },
    },
  };
}

/** The planned actions of each stand-in, after `before` is applied and `after` is planned (with `extra` plan arguments). */
async function plannedActions(before: Settings, after: Settings, extra: string[] = []): Promise<Record<string, string[]>> {
  const work = tempDir("vpc-origin");
  try {
    const env = terraformEnv(work);
    const write = (settings: Settings) => fs.writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(standIn(settings), null, 2));
    const run = async (args: string[]) => {
      const result = await terraform(work, env, args);
      if (result.code !== 0) throw new Error(`terraform ${args.join(" ")}: ${result.stderr}`);
      return result.stdout;
    };
    write(before);
    await run(["init", "-input=false", "-no-color"]);
    await run(["apply", "-auto-approve", "-input=false", "-no-color"]);
    write(after);
    await run(["plan", "-input=false", "-no-color", "-out=tfplan", ...extra]);
    const plan = JSON.parse(await run(["show", "-json", "tfplan"]));
    return Object.fromEntries(plan.resource_changes.map((c: any) => [c.address, c.change.actions]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (noTerraform()) {
  skippedSuite("VPC origin replacement planned by terraform", "no terraform binary is on PATH", noTerraform);
} else {
  describe(`VPC origin replacement planned by terraform (${terraformVersion()})`, () => {
    jest.setTimeout(120_000);
    const prod = settingsFor("prod");
    // create before delete: the distribution moves to the new VPC origin before the old one goes.
    const REPLACED_FIRST = ["create", "delete"];

    it("a domain added: new VPC origin first, the distribution moves, then the old one goes", async () => {
      const actions = await plannedActions(prod, settingsFor("prod", { domain: { name: "www.example.com", zoneName: "example.com" } }));
      expect(actions[STAND_IN.origin]).toEqual(REPLACED_FIRST);
      expect(actions[STAND_IN.distribution]).toEqual(["update"]);
    });

    it("the prefix renamed: the same", async () => {
      const actions = await plannedActions(prod, settingsFor("prod", { namePrefix: "shop-prod" }));
      expect(actions[STAND_IN.origin]).toEqual(REPLACED_FIRST);
      expect(actions[STAND_IN.alb]).toEqual(REPLACED_FIRST); // Terraform propagates create_before_destroy to what it depends on
      expect(actions[STAND_IN.distribution]).toEqual(["update"]);
    });

    it("the ALB replaced: the same", async () => {
      const actions = await plannedActions(prod, prod, [`-replace=${STAND_IN.alb}`]);
      expect(actions[STAND_IN.origin]).toEqual(REPLACED_FIRST);
      expect(actions[STAND_IN.distribution]).toEqual(["update"]);
    });

    it("nothing changed: nothing replaced", async () => {
      const actions = await plannedActions(prod, prod);
      expect(actions[STAND_IN.origin]).toEqual(["no-op"]);
    });
  });
}
