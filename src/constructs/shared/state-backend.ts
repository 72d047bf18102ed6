import { Construct } from "constructs";
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend } from "../../cdk";
import type { BackendSettings } from "../../config/schema";
import { stateKey } from "../../naming";

export interface StateBackendProps {
  /** Kind and location of the state. @default the `backend` defaults of config/schema.ts (S3) */
  readonly settings: BackendSettings;
  /** Environment whose state this is: part of the S3 key and the default workspace. Required. */
  readonly environment: string;
  /** Workspace used with the `cloud` kind when none is configured. Required. */
  readonly defaultWorkspace: string;
}

/** Folder of local state files, beside `cdktf.out` (git-ignored). */
export const LOCAL_STATE_DIRECTORY = "terraform-state";

/**
 * Where a local backend keeps `file`, as the backend block names it: relative to the folder
 * Terraform runs in, `<outdir>/stacks/<stack>`, up to the folder holding `<outdir>` and into
 * `terraform-state/`. Not inside the stack's folder: `cdktf synth` deletes the folder of every
 * stack a synth no longer produces (the bootstrap stack with the local kind, dev when only prod
 * is selected), and `rm -rf cdktf.out` or `git clean` would take the state with it. Relative, so
 * the synthesized JSON names no machine's absolute path.
 */
export function localStatePath(file: string): string {
  return `../../../${LOCAL_STATE_DIRECTORY}/${file}`;
}

/**
 * The stack's `terraform { backend ... }` (or `cloud`) block. Every value written here can still
 * be overridden with `terraform init -backend-config=...`, which is how CI passes partial config.
 */
export class StateBackend extends Construct {
  /** The synthesized backend kind. */
  public readonly kind: BackendSettings["kind"];

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const { settings, environment } = props;
    this.kind = settings.kind;
    switch (settings.kind) {
      case "s3": {
        const backend = new S3Backend(this, {
          bucket: settings.bucket,
          key: stateKey(settings, environment),
          region: settings.region,
          encrypt: settings.encrypt,
          kmsKeyId: settings.kmsKeyId,
          dynamodbTable: settings.dynamodbTable,
        });
        // cdktf 0.21's S3BackendConfig predates S3-native locking (Terraform >= 1.10).
        if (settings.useLockfile) backend.addOverride("use_lockfile", true);
        break;
      }
      case "cloud":
        new CloudBackend(this, {
          hostname: settings.hostname,
          // The rules refuse the `cloud` kind without an organization before anything is built.
          organization: settings.organization ?? "",
          workspaces: new NamedCloudWorkspace(settings.workspace ?? props.defaultWorkspace),
        });
        break;
      case "local":
        new LocalBackend(this, { path: settings.localPath ?? localStatePath(`terraform.${environment}.tfstate`) });
        break;
    }
  }
}
