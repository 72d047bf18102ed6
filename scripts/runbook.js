#!/usr/bin/env node
// `npm run -s runbook -- <environment>`: the disaster recovery runbook of one environment, with the
// names of its synthesized stacks (src/runbook/main.ts).
"use strict";
const { main } = require("./run-ts").runTs("src/runbook/main.ts", "runbook");
process.exitCode = main(process.argv.slice(2));
