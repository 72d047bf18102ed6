"use strict";
// The recording proxy of verify's failover drill: an HTTP server on a free loopback port in front of
// the emulator. It forwards every request but those that would reach the region the drill has
// lost, which it refuses at once, and records each one (method, service, region, action).
//
// Against an emulator every service shares one endpoint, so the host does not say where a request
// would go. Its SigV4 signature does: the Authorization header's credential scope is
// `Credential=<access key>/<yyyymmdd>/<region>/<service>/aws4_request` ("Elements of an AWS API
// request signature", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html,
// and the S3 API Reference, "Authenticating Requests: Using the Authorization Header",
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html);
// a presigned request carries the same scope in its X-Amz-Credential query parameter.
const http = require("node:http");

const HOST = "127.0.0.1";

/**
 * Services whose API has one global endpoint in the aws partition, whatever region a client is
 * configured with: a request to them reaches no regional host, so it is forwarded whatever its
 * scope says. AWS General Reference: "Amazon CloudFront endpoints and quotas" (cloudfront.amazonaws.com,
 * https://docs.aws.amazon.com/general/latest/gr/cf_region.html), "AWS Identity and Access Management
 * endpoints and quotas" (iam.amazonaws.com, https://docs.aws.amazon.com/general/latest/gr/iam-service.html),
 * "Amazon Route 53 endpoints and quotas" (route53.amazonaws.com, https://docs.aws.amazon.com/general/latest/gr/r53.html).
 * They sign with us-east-1 there; against a custom endpoint the SDK signs with the client's own
 * region, so the scope alone would call them regional. STS is not here: its regional endpoints
 * are the SDK's default, and the provider's `sts_region` picks one.
 */
const GLOBAL_SERVICES = new Set(["cloudfront", "iam", "route53"]);

/**
 * Where those global services' control planes run: one endpoint, but one region behind it. "In the
 * aws partition, the IAM service's control plane is in the us-east-1 Region"; "Route 53 operates its
 * control plane in the us-east-1 Region", as does CloudFront (AWS Fault Isolation Boundaries
 * whitepaper, "Global services",
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html).
 * A drill that has lost this region refuses them too: a failover that changes a distribution or a
 * record cannot count on them then.
 */
const GLOBAL_CONTROL_PLANE_REGION = "us-east-1";

/**
 * The refusal: HTTP 400 with an error code of its own. The AWS SDK for Go v2 (the provider's)
 * retries 500/502/503/504, throttling and transient codes, and connection errors (a closed socket
 * is "connection reset"); another 4xx code is not retried (aws/aws-sdk-go-v2,
 * aws/retry/retryable_error.go and standard.go), so a refused call fails on its first attempt.
 */
const REFUSAL_STATUS = 400;
const REFUSAL_CODE = "PrimaryRegionUnreachable";

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** `{ region, service }` of a request's SigV4 credential scope, or undefined for an unsigned request. */
function scopeOf(headers, url) {
  const header = SCOPE.exec(String(headers.authorization ?? ""));
  if (header) return { region: header[1], service: header[2] };
  const query = new URL(url, `http://${HOST}`).searchParams.get("X-Amz-Credential");
  const presigned = query ? SCOPE.exec(`Credential=${query}`) : null;
  return presigned ? { region: presigned[1], service: presigned[2] } : undefined;
}

/** The API action: the JSON protocols' X-Amz-Target, the query protocols' Action, else the REST method and path. */
function actionOf(method, url, headers, body) {
  const target = headers["x-amz-target"];
  if (target) return String(target).split(".").pop();
  const parsed = new URL(url, `http://${HOST}`);
  const fromQuery = parsed.searchParams.get("Action");
  if (fromQuery) return fromQuery;
  if (String(headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    const fromBody = new URLSearchParams(body.toString("utf8")).get("Action");
    if (fromBody) return fromBody;
  }
  return `${method} ${parsed.pathname}`;
}

/** Where the request would go on AWS: a region, "global", or "unknown" (unsigned: the drill reports it). */
function reachOf(scope) {
  if (!scope) return "unknown";
  return GLOBAL_SERVICES.has(scope.service) ? "global" : scope.region;
}

/** An error body the service's protocol parses, so the provider's message carries the code and the reason. */
function refusalBody(service, headers, message) {
  const escaped = message.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  if (String(headers["content-type"] ?? "").includes("json")) {
    return { type: "application/x-amz-json-1.1", body: JSON.stringify({ __type: REFUSAL_CODE, message }) };
  }
  if (service === "ec2") {
    return { type: "text/xml", body: `<Response><Errors><Error><Code>${REFUSAL_CODE}</Code><Message>${escaped}</Message></Error></Errors><RequestID>drill</RequestID></Response>` };
  }
  if (service === "s3") return { type: "application/xml", body: `<Error><Code>${REFUSAL_CODE}</Code><Message>${escaped}</Message></Error>` };
  return { type: "text/xml", body: `<ErrorResponse><Error><Type>Sender</Type><Code>${REFUSAL_CODE}</Code><Message>${escaped}</Message></Error><RequestId>drill</RequestId></ErrorResponse>` };
}

/**
 * Starts the proxy in front of `target` (`http://127.0.0.1:<port>`), refusing every request that
 * would reach `refusedRegion`. Resolves with { endpoint, requests, close }: `requests` grows with
 * one { method, service, region, reaches, action, refused } per request, in arrival order.
 */
function startProxy({ target, refusedRegion }) {
  const upstream = new URL(target);
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const scope = scopeOf(request.headers, request.url);
      const reaches = reachOf(scope);
      const refused = reaches === refusedRegion || (reaches === "global" && refusedRegion === GLOBAL_CONTROL_PLANE_REGION);
      requests.push({
        method: request.method,
        service: scope?.service ?? "unknown",
        region: scope?.region ?? "unknown",
        reaches,
        action: actionOf(request.method, request.url, request.headers, body),
        refused,
      });
      if (refused) {
        const { type, body: payload } = refusalBody(scope.service, request.headers, `refused by verify's failover drill: ${refusedRegion} is the region it has lost`);
        response.writeHead(REFUSAL_STATUS, { "content-type": type, "x-amzn-errortype": REFUSAL_CODE, "x-amzn-requestid": "drill", "content-length": Buffer.byteLength(payload) });
        response.end(payload);
        return;
      }
      const forwarded = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode, answer.rawHeaders);
          answer.pipe(response);
        },
      );
      forwarded.on("error", (error) => {
        if (response.headersSent) return response.destroy();
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`verify's drill proxy could not reach the emulator: ${error.message}`);
      });
      forwarded.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // Port 0: the OS picks a free one at bind time (no probe, so no race with another process).
    server.listen(0, HOST, () => {
      const { port } = server.address();
      const close = () => new Promise((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      });
      resolve({ endpoint: `http://${HOST}:${port}`, port, requests, close });
    });
  });
}

module.exports = { startProxy, scopeOf, actionOf, reachOf, GLOBAL_SERVICES, GLOBAL_CONTROL_PLANE_REGION, REFUSAL_STATUS, REFUSAL_CODE };
