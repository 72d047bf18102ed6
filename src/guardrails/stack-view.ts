import type { IConstruct } from "constructs";
import { TerraformBackend, TerraformResource, TerraformStack } from "../cdk";
import { blocks, type Config, type StackView, type SynthesizedResource } from "./rule";

/** cdktf's metadata key in every synthesized resource; not configuration. */
const METADATA_KEY = "//";

function withoutMetadata(config: Config): Config {
  const { [METADATA_KEY]: _metadata, ...rest } = config;
  return rest;
}

/** The construct path cdktf records in a synthesized resource's `//` metadata. */
function metadataPath(body: Config): string | undefined {
  const path = body[METADATA_KEY]?.metadata?.path;
  return typeof path === "string" ? path : undefined;
}

/**
 * Every resource and the backend block of one stack as `cdk.tf.json` will hold them.
 *
 * It is read from `stack.toTerraform()`, the very object cdktf writes to `cdk.tf.json`: every
 * element's own configuration and escape hatches, merged with the overrides put on the stack
 * itself (`stack.addOverride("resource.aws_db_instance.<id>.publicly_accessible", true)`,
 * `stack.addOverride("terraform.backend.s3.encrypt", false)`), which no element's own
 * `toTerraform()` shows. Each entry is mapped back to the construct that wrote it through the
 * construct path cdktf records in its `//` metadata (the backend block to the stack's backend);
 * an entry no construct wrote (a resource added by a stack override) belongs to the stack.
 */
export class SynthesizedStack implements StackView {
  public readonly name: string;
  private readonly entries: SynthesizedResource[] = [];
  private readonly byNode = new Map<IConstruct, SynthesizedResource[]>();
  private readonly byType = new Map<string, SynthesizedResource[]>();
  private readonly data = new Map<string, SynthesizedResource[]>();
  /** default_tags of each AWS provider, by alias ("" for the default provider). */
  private readonly providerTags = new Map<string, Record<string, string>>();
  /** region of each AWS provider, by alias ("" for the default provider). */
  private readonly regions = new Map<string, unknown>();

  constructor(
    stack: TerraformStack,
    public readonly environment: string,
  ) {
    this.name = stack.node.id;
    const nodes = stack.node.findAll().filter((node) => TerraformStack.of(node) === stack);
    const byPath = new Map(nodes.map((node) => [node.node.path, node]));
    const backend = nodes.find((node) => TerraformBackend.isBackend(node)) ?? stack;
    // Resolved the way cdk.tf.json is written; a moved resource has no block of its own there.
    const tf = stack.toTerraform() as Config;

    for (const [type, byName] of Object.entries((tf.resource ?? {}) as Record<string, Record<string, Config>>)) {
      for (const [name, body] of Object.entries(byName)) {
        const path = metadataPath(body);
        const node = (path !== undefined && byPath.get(path)) || stack;
        const config = withoutMetadata(body);
        this.add(node, { type, name, address: `${type}.${name}`, config, taggable: taggable(node, type, config) });
      }
    }
    // Ephemeral resources (Terraform >= 1.10) are read as type `ephemeral.<type>`, address
    // `ephemeral.<type>.<name>`: rules about what a write-only argument receives look them up.
    for (const [type, byName] of Object.entries((tf.ephemeral ?? {}) as Record<string, Record<string, Config>>)) {
      for (const [name, body] of Object.entries(byName)) {
        const path = metadataPath(body);
        const node = (path !== undefined && byPath.get(path)) || stack;
        const full = `ephemeral.${type}`;
        this.add(node, { type: full, name, address: `${full}.${name}`, config: withoutMetadata(body), taggable: false });
      }
    }
    // CloudBackend synthesizes `terraform { cloud {...} }`, which is not a `backend` block in
    // Terraform's eyes either: it is seen as type `cloud`, so rules about `backend.s3` leave it alone.
    const { backend: backends, cloud } = (tf.terraform ?? {}) as { backend?: Record<string, Config>; cloud?: Config };
    for (const [kind, body] of Object.entries(backends ?? {})) {
      this.add(backend, { type: `backend.${kind}`, name: kind, address: `terraform.backend.${kind}`, config: body, taggable: false });
    }
    if (cloud) this.add(backend, { type: "cloud", name: "cloud", address: "terraform.cloud", config: cloud, taggable: false });
    for (const body of blocks(tf.provider?.aws)) {
      this.providerTags.set(body.alias ?? "", blocks(body.default_tags)[0]?.tags ?? {});
      this.regions.set(body.alias ?? "", body.region);
    }
    // Data sources are read, never checked: rules look them up (the managed policy a name stands for).
    for (const [type, byName] of Object.entries((tf.data ?? {}) as Record<string, Record<string, Config>>)) {
      this.data.set(
        type,
        Object.entries(byName).map(([name, body]) => ({
          type,
          name,
          address: `data.${type}.${name}`,
          path: metadataPath(body) ?? stack.node.path,
          config: withoutMetadata(body),
          taggable: false,
        })),
      );
    }
  }

  private add(node: IConstruct, fields: Omit<SynthesizedResource, "path">): void {
    const resource: SynthesizedResource = { ...fields, path: node.node.path };
    this.entries.push(resource);
    this.byNode.set(node, [...(this.byNode.get(node) ?? []), resource]);
    this.byType.set(resource.type, [...(this.byType.get(resource.type) ?? []), resource]);
  }

  /** The synthesized entries `node` wrote: its resource, its backend block, or (for the stack) what stack overrides added. */
  of(node: IConstruct): SynthesizedResource[] {
    return this.byNode.get(node) ?? [];
  }

  /** Every resource and backend block of the stack, in the order of cdk.tf.json. */
  all(): SynthesizedResource[] {
    return [...this.entries];
  }

  resources(type: string): SynthesizedResource[] {
    return this.byType.get(type) ?? [];
  }

  dataSources(type: string): SynthesizedResource[] {
    return this.data.get(type) ?? [];
  }

  defaultTags(resource: SynthesizedResource): Record<string, string> {
    return this.providerTags.get(providerAlias(resource)) ?? {};
  }

  providerRegion(resource: SynthesizedResource): string | undefined {
    const region = this.regions.get(providerAlias(resource));
    return typeof region === "string" ? region : undefined;
  }
}

/** `provider = "aws.<alias>"` picks an aliased provider; no meta-argument means the default one (""). */
function providerAlias(resource: SynthesizedResource): string {
  return typeof resource.config.provider === "string" ? resource.config.provider.replace(/^aws\.?/, "") : "";
}

/**
 * Whether the resource type takes `tags`: the provider binding says so (`tagsInput`); a resource
 * no binding wrote (a bare TerraformResource, one added by a stack override) is taken at its word
 * when it carries `tags`.
 */
function taggable(node: IConstruct, type: string, config: Config): boolean {
  if (TerraformResource.isTerraformResource(node) && node.terraformResourceType === type && "tagsInput" in node) return true;
  return config.tags !== undefined;
}
