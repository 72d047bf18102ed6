// Deliberately loads @cdktf/provider-aws (or @cdktn/provider-aws, whichever CDK is installed:
// scripts/cdk.js) through its package root, the way the `cdktf init` template's
// `import { ... } from "@cdktf/provider-aws"` does, so `npm run bench` can show what that one
// import costs. Nothing of the app imports this file (a test forbids barrel imports in main.ts,
// src/ and scripts/).
"use strict";
const { CDKS, installedCdk } = require("../../scripts/cdk");
require(`${CDKS[installedCdk()].scope}/provider-aws`);
