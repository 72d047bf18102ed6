"use strict";
// moto's server (scripts/verify/moto_server.py) on a free loopback port, started and stopped by verify.
const net = require("node:net");
const path = require("node:path");
const { start, endGroup } = require("./processes");

const LAUNCHER = path.join(__dirname, "moto_server.py");
const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 60_000;

/** A port nothing listens on right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const connects = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/**
 * Starts the emulator. Its environment: AWS-managed IAM policies loaded (the stacks attach
 * AmazonSSMManagedInstanceCore; moto loads them only with MOTO_IAM_LOAD_MANAGED_POLICIES), and
 * ACM certificates issued at once (MOTO_ACM_VALIDATION_WAIT=0; moto's default waits 60 s).
 * Resolves with { endpoint, stop, output } once the port answers.
 */
async function startEmulator(python) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, MOTO_IAM_LOAD_MANAGED_POLICIES: "true", MOTO_ACM_VALIDATION_WAIT: "0" };
    const child = start(python, [LAUNCHER, "-H", HOST, "-p", String(port)], { env });
    let output = "";
    child.stdout.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
    child.stderr.on("data", (chunk) => (output = (output + chunk).slice(-20_000)));
    const exited = new Promise((resolve) => child.once("exit", () => resolve(false)));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await Promise.race([connects(port), exited]);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (ready) {
      const stop = () =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", resolve);
          endGroup(child);
          setTimeout(() => endGroup(child, "SIGKILL"), 5000).unref();
        });
      return { endpoint: `http://${HOST}:${port}`, port, stop, output: () => output };
    }
    endGroup(child, "SIGKILL");
    // Another process took the port between the probe and the bind: try another, a few times.
    if (attempt >= 3) throw new Error(`moto did not start on ${HOST}:${port}:\n${output.slice(-2000)}`);
  }
}

/** Creates a public hosted zone in the emulator (Route 53's REST API; moto reads the service from the signature's scope). */
async function createHostedZone(endpoint, name) {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">` +
    `<Name>${name}</Name><CallerReference>verify-${name}-${Date.now()}</CallerReference></CreateHostedZoneRequest>`;
  const response = await fetch(`${endpoint}/2013-04-01/hostedzone`, {
    method: "POST",
    headers: {
      "content-type": "application/xml",
      authorization: "AWS4-HMAC-SHA256 Credential=verify/20260101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0",
    },
    body,
  });
  if (response.status >= 300) throw new Error(`creating the hosted zone ${name} in the emulator: HTTP ${response.status} ${await response.text()}`);
}

module.exports = { startEmulator, createHostedZone };
