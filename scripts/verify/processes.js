"use strict";
// Child processes of `npm run verify`: each in a process group of its own, bounded in time, and
// all of them ended when verify ends however it ends (success, failure, Ctrl-C, SIGTERM).
const { spawn } = require("node:child_process");

const live = new Set();

/** Ends a child's whole process group (terraform's provider plugins, moto's server thread). */
function endGroup(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function endAll() {
  for (const child of live) endGroup(child, "SIGKILL");
}

process.on("exit", endAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    endAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

/** Starts `command args` in a group of its own; remembered until it exits. */
function start(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: options.stdio ?? ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.on("exit", () => live.delete(child));
  return child;
}

/**
 * Runs a command to completion, or ends it after `timeoutMs` (a hung RDS waiter must not hold CI).
 * Resolves with { code, stdout, stderr, timedOut, seconds }; never rejects for a non-zero exit.
 */
function run(command, args, { cwd, env, timeoutMs }) {
  const began = Date.now();
  return new Promise((resolve, reject) => {
    const child = start(command, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      endGroup(child);
      setTimeout(() => endGroup(child, "SIGKILL"), 10_000).unref();
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, seconds: (Date.now() - began) / 1000 });
    });
  });
}

module.exports = { start, run, endGroup };
