// Which cdktf command runs this app, when it was started as `cdktf deploy|diff|destroy|watch`
// directly (npx, a global install) rather than through `npm run deploy` (scripts/cdktf.js, which
// sets MULTIPLE_SERVER_COMMAND itself). The cdktf CLI runs cdktf.json's `app` the same way for every
// command and passes no variable that names it (cdktf-cli 0.21 sets CDKTF_OUTDIR, CDKTF_CONTEXT_JSON
// and the like only), so the command is read from the app's ancestors: the CLI's own process is two
// or three levels up (`/bin/sh -c node scripts/synth.js` <- `node .../cdktf deploy`). That lets the
// app refuse the unconfigured default state bucket on every deploy path (src/config/load.ts,
// checkCommandPath), not only on ours. The fork's CLI, `cdktn` (scripts/cdk.js), has the same
// commands, aliases and global options (`cdktn --help`, cdktn-cli 0.24) and is read the same way.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { CLI_BINS } = require("./cdk");

/** The cdktf commands that reach a backend, with their aliases (`cdktf --help`; `watch` deploys on every change). */
const BACKEND_COMMANDS = { deploy: "deploy", apply: "deploy", diff: "diff", plan: "diff", destroy: "destroy", watch: "watch" };
/** cdktf-cli 0.21's global options that take a value as the next argument (`cdktf --help`). */
const VALUE_OPTIONS = ["--log-level", "--log-file-directory", "--experimental-provider-schema-cache-path"];
/** cdktf-cli 0.21's other commands and aliases (`cdktf --help`). */
const OTHER_COMMANDS = ["init", "get", "convert", "synth", "synthesize", "list", "login", "output", "outputs", "debug", "provider", "completion"];
/** Far enough for npx (sh -c, npm exec) and a shell between the CLI and the app; no further. */
const MAX_DEPTH = 6;

/** `{ ppid, argv }` of a process from /proc (Linux), or from `ps` elsewhere; undefined when gone. */
function readProcess(pid) {
  try {
    if (fs.existsSync("/proc/self/stat")) {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      // The command name in stat may hold spaces and parentheses: the fields after its last ")" are fixed.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return { ppid, argv };
    }
    const [ppid, ...args] = execFileSync("ps", ["-o", "ppid=,args=", "-p", String(pid)], { encoding: "utf8" }).trim().split(/\s+/);
    return { ppid: Number(ppid), argv: args };
  } catch {
    return undefined;
  }
}

/** Whether an argument names a CDK's CLI (`cdktf`, `cdktn`, with or without a path). */
const isCli = (arg) => CLI_BINS.includes(path.basename(arg));

/** The backend command of one process's arguments, if it is a CDK's CLI running one. */
function commandOf(argv) {
  const at = argv.findIndex(isCli);
  if (at < 0) return undefined;
  // The first command word: an option's value (`--log-level debug`) is not one.
  const args = argv.slice(at + 1);
  const command = args.find((arg, i) => !VALUE_OPTIONS.includes(args[i - 1]) && (Object.hasOwn(BACKEND_COMMANDS, arg) || OTHER_COMMANDS.includes(arg)));
  return Object.hasOwn(BACKEND_COMMANDS, command ?? "") ? BACKEND_COMMANDS[command] : undefined;
}

/** The backend command of the nearest CDK CLI among this process's ancestors, if any. */
function cdktfCommand(pid = process.ppid, read = readProcess) {
  for (let depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
    const processInfo = read(pid);
    if (!processInfo) return undefined;
    const command = commandOf(processInfo.argv);
    if (command) return command;
    if (processInfo.argv.some(isCli)) return undefined; // a cdktf synth, list, ...
    pid = processInfo.ppid;
  }
  return undefined;
}

module.exports = { cdktfCommand, commandOf, BACKEND_COMMANDS };
