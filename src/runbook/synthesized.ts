/**
 * Read access to a synthesized `cdk.tf.json` for the runbook: every name the runbook prints is
 * read here from what Terraform will build, never rebuilt from the settings, so a command can only
 * name what the stacks hold (docs/disaster-recovery.md "Disaster recovery", `npm run runbook`).
 */

/** The parts of a `cdk.tf.json` the runbook reads. */
export interface TerraformJson {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>>; readonly cloud?: Record<string, unknown> };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, Record<string, unknown>>;
}

/** One resource: its address (`aws_lb.load-balancer_alb_15AADC07`) and its configuration. */
export interface Resource {
  readonly address: string;
  readonly config: Record<string, any>;
}

/** A runbook fact that is not in the stack: the stack lacks what the runbook needs, a bug of this program. */
export class RunbookError extends Error {}

/** One synthesized stack, by name. */
export class SynthesizedStack {
  constructor(
    public readonly name: string,
    public readonly tf: TerraformJson,
  ) {}

  /** The resources of `type`, in the stack's order. */
  resources(type: string): Resource[] {
    return Object.entries(this.tf.resource?.[type] ?? {}).map(([name, config]) => ({ address: `${type}.${name}`, config }));
  }

  /** The one resource of `type` that `test` accepts; a RunbookError when there is not exactly one. */
  one(type: string, test: (config: Record<string, any>) => boolean = () => true): Resource {
    const found = this.resources(type).filter((r) => test(r.config));
    if (found.length !== 1) throw new RunbookError(`${this.name}: expected one ${type}${test.length ? " of that kind" : ""}, found ${found.length}`);
    return found[0];
  }

  /** The resource a `${type.name.attribute}` reference names, or undefined for anything else. */
  referenced(value: unknown): Resource | undefined {
    const match = typeof value === "string" ? /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(value) : null;
    const config = match ? this.tf.resource?.[match[1]]?.[match[2]] : undefined;
    return match && config ? { address: `${match[1]}.${match[2]}`, config } : undefined;
  }

  /** The default (unaliased) AWS provider's configuration. */
  provider(): Record<string, unknown> {
    const aws = (this.tf.provider?.aws ?? []).find((p) => p.alias === undefined);
    if (!aws) throw new RunbookError(`${this.name}: no default aws provider`);
    return aws;
  }

  /** The region of the stack's default provider. */
  region(): string {
    return String(this.provider().region);
  }

  /** The S3 backend's configuration, or undefined for another backend kind. */
  s3Backend(): Record<string, unknown> | undefined {
    return this.tf.terraform?.backend?.s3;
  }

  /** The kind of backend: `s3`, `local`, or `cloud` (HCP Terraform). */
  backendKind(): string {
    return this.tf.terraform?.cloud ? "cloud" : Object.keys(this.tf.terraform?.backend ?? {})[0] ?? "local";
  }

  /** Whether the stack declares output `name`. */
  hasOutput(name: string): boolean {
    return this.tf.output?.[name] !== undefined;
  }

  /** The variables the stack declares. */
  variables(): string[] {
    return Object.keys(this.tf.variable ?? {});
  }
}
