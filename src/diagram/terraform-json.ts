import { blocks, type Config } from "../guardrails/rule";

/**
 * Read access to a synthesized `cdk.tf.json`: resources by type, and the resources a value refers
 * to. The diagram is drawn from this, never from the constructs, so it shows what Terraform
 * will build.
 */

/** The parts of a `cdk.tf.json` the diagram reads. */
export interface TerraformJson {
  readonly provider?: Record<string, Config[]>;
  readonly resource?: Record<string, Record<string, Config>>;
  readonly data?: Record<string, Record<string, Config>>;
}

/** One resource of the stack. */
export interface Resource {
  readonly type: string;
  readonly name: string;
  /** `aws_lb.load-balancer_alb_1A2B3C4D`: unique in the stack. */
  readonly address: string;
  readonly config: Config;
}

/** An interpolation: `${aws_lb.name.dns_name}`, `${coalesce(var.x, aws_lb.name.dns_name)}`. */
const INTERPOLATION = /\$\{([^}]*)\}/g;
/** The resource part of each reference inside one: `aws_lb.name` of `aws_lb.name.dns_name`. */
const REFERENCE = /(?<![\w.])([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\./g;

export type { Config };

/** A synthesized stack, indexed by resource address. */
export class StackJson {
  private readonly byAddress = new Map<string, Resource>();

  constructor(private readonly tf: TerraformJson) {
    for (const [type, items] of Object.entries(tf.resource ?? {})) {
      for (const [name, config] of Object.entries(items)) {
        this.byAddress.set(`${type}.${name}`, { type, name, address: `${type}.${name}`, config });
      }
    }
  }

  /** Every resource of `type`, in the order of the file. */
  resources(type: string): Resource[] {
    return [...this.byAddress.values()].filter((r) => r.type === type);
  }

  /** The resources of `type` that `value` (a string, list or block) refers to, each once. */
  referenced(value: unknown, type: string): Resource[] {
    const found = new Map<string, Resource>();
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        for (const [, expression] of v.matchAll(INTERPOLATION)) {
          for (const [, refType, name] of expression.matchAll(REFERENCE)) {
            const resource = this.byAddress.get(`${refType}.${name}`);
            if (refType === type && resource) found.set(resource.address, resource);
          }
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === "object") Object.values(v).forEach(visit);
    };
    visit(value);
    return [...found.values()];
  }

  /** Whether `value` refers to `resource`. */
  refersTo(value: unknown, resource: Resource): boolean {
    return this.referenced(value, resource.type).some((r) => r.address === resource.address);
  }

  /** The configuration of a data source `value` refers to (`${data.aws_route53_zone.x.zone_id}`), if it is one of the stack's. */
  dataSource(value: unknown, type: string): Config | undefined {
    const match = typeof value === "string" ? new RegExp(`\\$\\{data\\.${type}\\.([A-Za-z0-9_-]+)\\.`).exec(value) : null;
    return match ? this.tf.data?.[type]?.[match[1]] : undefined;
  }

  /** A tag of the default AWS provider (`Environment`), if it sets one. */
  defaultTag(key: string): string | undefined {
    const provider = this.tf.provider?.aws?.find((p) => p.alias === undefined);
    return blocks(provider?.default_tags)[0]?.tags?.[key];
  }

  /** The region of the default AWS provider. */
  region(): string | undefined {
    return this.tf.provider?.aws?.find((p) => p.alias === undefined)?.region;
  }
}

/** The name a person knows a resource by: its Name tag, else its own name field, else its address. */
export function displayName(resource: Resource): string {
  const c = resource.config;
  return c.tags?.Name ?? c.name ?? c.identifier ?? c.comment ?? resource.address;
}
