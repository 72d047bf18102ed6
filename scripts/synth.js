#!/usr/bin/env node
// The app command of cdktf.json and `npm run synth`: main.ts, transpiled without type-checking.
"use strict";
require("./run-ts").runTs("main.ts", "main");
