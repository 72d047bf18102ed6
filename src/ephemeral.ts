import { Construct } from "constructs";
import { ref, TerraformElement, Token } from "./cdk";

/**
 * A Terraform ephemeral resource (`ephemeral "<type>" "<name>" { ... }`, Terraform >= 1.10).
 *
 * cdktf 0.21 has no class for this block (it predates ephemeral resources), so this element writes
 * it into the stack's JSON the way every resource is written: TerraformStack.toTerraform() merges
 * each element's `toTerraform()`. Terraform never stores an ephemeral resource's result in plan or
 * state; its attributes may only flow into write-only arguments, provider configuration and other
 * ephemeral contexts (Terraform docs, "Ephemeral resources" and "Write-only arguments"), which
 * Terraform checks at validate time.
 */
export class EphemeralResource extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    public readonly terraformType: string,
    private readonly config: Record<string, unknown>,
  ) {
    super(scope, id, `ephemeral.${terraformType}`);
  }

  /** A reference to `attribute` (`${ephemeral.<type>.<name>.<attribute>}`): ephemeral wherever it goes. */
  getStringAttribute(attribute: string): string {
    return Token.asString(ref(`ephemeral.${this.terraformType}.${this.friendlyUniqueId}.${attribute}`, this.cdktfStack));
  }

  toTerraform(): any {
    return {
      ephemeral: {
        [this.terraformType]: {
          [this.friendlyUniqueId]: { ...this.config, ...this.rawOverrides, "//": this.constructNodeMetadata },
        },
      },
    };
  }
}
