/**
 * The one module that imports the CDK's core (cdktf, or its community fork cdktn: the same API
 * under another name). Everything else imports these names from here, and the provider bindings
 * from `./aws`; a test fails on any other import of `cdktf`, `cdktn`, `@cdktf/*` or `@cdktn/*`
 * (__tests__/imports.test.ts), so `npm run use:cdktn` (scripts/use-cdk.js) switches the project by
 * rewriting this file, src/aws.ts and package.json. docs/cdktn.md compares the two.
 */
import { App as CdkApp, type AppConfig, Testing as CdkTesting, type TestingAppConfig } from "cdktf";
import { TERRAFORM_VERSIONS } from "./config/versions";

// The jest matchers' declarations (toHaveResourceWithProperties, ...): types only, nothing loaded at run time.
import type {} from "cdktf/lib/testing/adapters/jest";

export {
  Aspects,
  AssetType,
  CloudBackend,
  DataResource,
  Fn,
  LocalBackend,
  NamedCloudWorkspace,
  ref,
  S3Backend,
  TerraformAsset,
  TerraformBackend,
  TerraformDataSource,
  TerraformElement,
  TerraformIterator,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  type IAspect,
  type ITerraformDependable,
  type S3BackendConfig,
  type TerraformProvider,
} from "cdktf";

/** The Terraform the stacks are for, as cdktn's `targetVersions` context takes it. */
const TARGET_VERSIONS = { targetVersions: { terraform: TERRAFORM_VERSIONS } };

/**
 * The CDK's App, told which Terraform the stacks are for. cdktn checks each feature a stack uses
 * against the app's `targetVersions` context and, without one, assumes Terraform >= 1.5.7 and
 * OpenTofu >= 1.6.0, where the write-only `password_wo` is refused at synth. Its CLI could fill the
 * context from a `targetVersions` in cdktf.json, but `npm run synth` runs no CLI: the App sets it,
 * for every synth and test. cdktf 0.21 reads no such context. A `targetVersions` passed in
 * `context` (or CDKTF_CONTEXT_JSON) wins.
 */
export class App extends CdkApp {
  constructor(config: AppConfig = {}) {
    super({ ...config, context: { ...TARGET_VERSIONS, ...config.context } });
  }
}

/**
 * The CDK's Testing, whose `app()` is configured like the App above, so a test synthesizes what
 * `npm run synth` writes. cdktn's `Testing.app()` turns on its "future" flags, which no real app
 * here has: with `canonicalAssetHashes` the Lambda's asset hash in a test differed from the one
 * users deploy. cdktf 0.21 has no future flags. Options a test passes win.
 */
export class Testing extends CdkTesting {
  static app(options: TestingAppConfig = {}): CdkApp {
    return super.app({ enableFutureFlags: false, ...options, context: { ...TARGET_VERSIONS, ...options.context } });
  }
}
