#!/usr/bin/env node
// `npm run diagram`: docs/architecture-<env>.svg from the synthesized cdk.tf.json of each stack.
"use strict";
const { main } = require("./run-ts").runTs("src/diagram/main.ts", "diagram");
main(process.argv.slice(2)).then((code) => (process.exitCode = code));
