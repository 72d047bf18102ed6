import type { IConstruct } from "constructs";
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformBackend,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from "cdktf";
import { blocks, type Config, type StackView, type SynthesizedResource } from "./rule";

const RESOLVER = new DefaultTokenResolver(new StringConcat());
/** cdktf's metadata key in every synthesized resource; not configuration. */
const METADATA_KEY = "//";

/** `x` with every token resolved the way `cdk.tf.json` will show it. */
function resolve(stack: TerraformStack, x: unknown): any {
  return Tokenization.resolve(x, { scope: stack, preparing: false, resolver: RESOLVER });
}

function withoutMetadata(config: Config): Config {
  const { [METADATA_KEY]: _metadata, ...rest } = config;
  return rest;
}

/**
 * Every resource and the backend block of one stack as they will be synthesized, built from the
 * elements' own `toTerraform()` (what `cdk.tf.json` is made of), so overrides and escape hatches
 * are seen as Terraform will see them.
 */
export class SynthesizedStack implements StackView {
  public readonly name: string;
  private readonly byNode = new Map<IConstruct, SynthesizedResource>();
  private readonly byType = new Map<string, SynthesizedResource[]>();
  /** default_tags of each AWS provider, by alias ("" for the default provider). */
  private readonly providerTags = new Map<string, Record<string, string>>();

  constructor(
    stack: TerraformStack,
    public readonly environment: string,
  ) {
    this.name = stack.node.id;
    for (const node of stack.node.findAll()) {
      if (TerraformStack.of(node) !== stack) continue;
      if (TerraformResource.isTerraformResource(node)) {
        const body = resolve(stack, node.toTerraform()).resource?.[node.terraformResourceType]?.[node.friendlyUniqueId];
        // A moved resource synthesizes no block of its own.
        if (body) {
          const { terraformResourceType: type, friendlyUniqueId: name } = node;
          this.add(node, { type, name, address: `${type}.${name}`, config: withoutMetadata(body), taggable: "tagsInput" in node });
        }
      } else if (TerraformBackend.isBackend(node)) {
        // CloudBackend synthesizes `terraform { cloud {...} }`, which is not a `backend` block in
        // Terraform's eyes either: it is seen as type `cloud`, so rules about `backend.s3` leave it alone.
        const { backend, cloud } = resolve(stack, node.toTerraform()).terraform as { backend?: Record<string, Config>; cloud?: Config };
        for (const [kind, body] of Object.entries(backend ?? {})) {
          this.add(node, { type: `backend.${kind}`, name: kind, address: `terraform.backend.${kind}`, config: body, taggable: false });
        }
        if (cloud) this.add(node, { type: "cloud", name: "cloud", address: "terraform.cloud", config: cloud, taggable: false });
      } else if (TerraformProvider.isTerraformProvider(node) && node.terraformResourceType === "aws") {
        for (const body of resolve(stack, node.toTerraform()).provider.aws as Config[]) {
          this.providerTags.set(body.alias ?? "", blocks(body.default_tags)[0]?.tags ?? {});
        }
      }
    }
  }

  private add(node: IConstruct, fields: Omit<SynthesizedResource, "path">): void {
    const resource: SynthesizedResource = { ...fields, path: node.node.path };
    this.byNode.set(node, resource);
    this.byType.set(resource.type, [...(this.byType.get(resource.type) ?? []), resource]);
  }

  /** The synthesized form of `node`, when it is a resource or backend of this stack. */
  of(node: IConstruct): SynthesizedResource | undefined {
    return this.byNode.get(node);
  }

  /** Every resource and backend block of the stack, in tree order. */
  all(): SynthesizedResource[] {
    return [...this.byNode.values()];
  }

  resources(type: string): SynthesizedResource[] {
    return this.byType.get(type) ?? [];
  }

  defaultTags(resource: SynthesizedResource): Record<string, string> {
    // `provider = "aws.<alias>"` picks an aliased provider; no meta-argument means the default one.
    const alias = typeof resource.config.provider === "string" ? resource.config.provider.replace(/^aws\.?/, "") : "";
    return this.providerTags.get(alias) ?? {};
  }
}
