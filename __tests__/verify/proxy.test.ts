import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/** The failover drill's recording proxy (scripts/verify/proxy.js) in front of a tiny local server standing in for moto. */
const ROOT = path.join(__dirname, "..", "..");
const { startProxy, REFUSAL_STATUS, REFUSAL_CODE } = require(path.join(ROOT, "scripts", "verify", "proxy.js"));

const PRIMARY = "ap-northeast-2";
const STANDBY = "ap-northeast-1";

/** A SigV4 Authorization header as the SDK writes it; the signature is never checked (neither is it by moto). */
const signed = (region: string, service: string) =>
  `AWS4-HMAC-SHA256 Credential=verify/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`;
const FORM = "application/x-www-form-urlencoded; charset=utf-8";

interface Received {
  method: string;
  url: string;
  body: string;
}

describe("the drill's proxy, refusing the primary region in front of a local server", () => {
  const received: Received[] = [];
  let upstream: http.Server;
  let proxy: any;

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received.push({ method: request.method!, url: request.url!, body });
        response.writeHead(200, { "content-type": "text/plain", "x-upstream": "yes" });
        response.end(`upstream saw ${request.method} ${request.url}`);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    proxy = await startProxy({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, refusedRegion: PRIMARY });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const send = (pathAndQuery: string, init: RequestInit) => fetch(`${proxy.endpoint}${pathAndQuery}`, init);

  it("listens on a loopback port of its own", () => {
    expect(proxy.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy.endpoint).not.toBe(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });

  it("forwards a request signed for the standby region, body and answer untouched", async () => {
    const response = await send("/", { method: "POST", headers: { authorization: signed(STANDBY, "ec2"), "content-type": FORM }, body: "Action=DescribeVpcs&Version=2016-11-15" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-upstream")).toBe("yes");
    expect(await response.text()).toBe("upstream saw POST /");
    expect(received.at(-1)).toEqual({ method: "POST", url: "/", body: "Action=DescribeVpcs&Version=2016-11-15" });
    expect(proxy.requests.at(-1)).toEqual({ method: "POST", service: "ec2", region: STANDBY, reaches: STANDBY, action: "DescribeVpcs", refused: false });
  });

  it("refuses a request signed for the primary region at once, with a 400 naming its code in the protocol's error shape, and never forwards it", async () => {
    const before = received.length;
    const response = await send("/", { method: "POST", headers: { authorization: signed(PRIMARY, "ec2"), "content-type": FORM }, body: "Action=DescribeAvailabilityZones&Version=2016-11-15" });
    expect(response.status).toBe(REFUSAL_STATUS);
    expect(response.status).toBe(400);
    // EC2's query protocol: <Response><Errors><Error><Code>.
    expect(await response.text()).toMatch(new RegExp(`^<Response><Errors><Error><Code>${REFUSAL_CODE}</Code><Message>refused by verify's failover drill: ${PRIMARY}`));
    expect(received.length).toBe(before);
    expect(proxy.requests.at(-1)).toEqual({ method: "POST", service: "ec2", region: PRIMARY, reaches: PRIMARY, action: "DescribeAvailabilityZones", refused: true });
  });

  it("refuses a JSON-protocol call of the primary region with a JSON error body (the action from X-Amz-Target)", async () => {
    const response = await send("/", {
      method: "POST",
      headers: { authorization: signed(PRIMARY, "ssm"), "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameter" },
      body: JSON.stringify({ Name: "/aws/service/ami" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe(REFUSAL_CODE);
    expect(((await response.json()) as { __type: string }).__type).toBe(REFUSAL_CODE);
    expect(proxy.requests.at(-1)).toMatchObject({ service: "ssm", region: PRIMARY, action: "GetParameter", refused: true });
  });

  it("forwards a global service's call even when the SDK signed it with the primary region (a custom endpoint signs with the client's region)", async () => {
    const response = await send("/", { method: "POST", headers: { authorization: signed(PRIMARY, "iam"), "content-type": FORM }, body: "Action=GetUser&Version=2010-05-08" });
    expect(response.status).toBe(200);
    expect(proxy.requests.at(-1)).toEqual({ method: "POST", service: "iam", region: PRIMARY, reaches: "global", action: "GetUser", refused: false });
  });

  it("forwards Route 53 signed with us-east-1, recording its REST action as method and path", async () => {
    const response = await send("/2013-04-01/hostedzone?maxitems=1", { method: "GET", headers: { authorization: signed("us-east-1", "route53") } });
    expect(response.status).toBe(200);
    expect(received.at(-1)!.url).toBe("/2013-04-01/hostedzone?maxitems=1");
    expect(proxy.requests.at(-1)).toEqual({ method: "GET", service: "route53", region: "us-east-1", reaches: "global", action: "GET /2013-04-01/hostedzone", refused: false });
  });

  it("reads the scope of a presigned request from X-Amz-Credential, and refuses it for the primary region", async () => {
    const credential = encodeURIComponent(`verify/20260101/${PRIMARY}/s3/aws4_request`);
    const response = await send(`/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Signature=0`, { method: "GET" });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(new RegExp(`^<Error><Code>${REFUSAL_CODE}</Code>`));
    expect(proxy.requests.at(-1)).toEqual({ method: "GET", service: "s3", region: PRIMARY, reaches: PRIMARY, action: "GET /bucket/key", refused: true });
  });

  it("forwards an unsigned request but records that its region cannot be told", async () => {
    const response = await send("/health", { method: "GET" });
    expect(response.status).toBe(200);
    expect(proxy.requests.at(-1)).toEqual({ method: "GET", service: "unknown", region: "unknown", reaches: "unknown", action: "GET /health", refused: false });
  });

  it("recorded every request in arrival order, and forwarded exactly those it did not refuse", () => {
    expect(proxy.requests.map((r: any) => `${r.service}:${r.refused ? "refused" : "forwarded"}`)).toEqual([
      "ec2:forwarded",
      "ec2:refused",
      "ssm:refused",
      "iam:forwarded",
      "route53:forwarded",
      "s3:refused",
      "unknown:forwarded",
    ]);
    expect(received.map((r) => r.url)).toEqual(["/", "/", "/2013-04-01/hostedzone?maxitems=1", "/health"]);
  });
});

describe("the drill's proxy when the lost region is us-east-1, where IAM's, Route 53's and CloudFront's control planes run", () => {
  let upstream: http.Server;
  let proxy: any;

  beforeAll(async () => {
    upstream = http.createServer((_request, response) => response.end("upstream"));
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    proxy = await startProxy({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, refusedRegion: "us-east-1" });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it("refuses the global services whatever region signed them, and still forwards the standby's regional calls", async () => {
    const call = (region: string, service: string) =>
      fetch(`${proxy.endpoint}/`, { method: "POST", headers: { authorization: signed(region, service), "content-type": FORM }, body: "Action=Describe&Version=1" });
    expect((await call(STANDBY, "iam")).status).toBe(REFUSAL_STATUS);
    expect((await call(STANDBY, "route53")).status).toBe(REFUSAL_STATUS);
    expect((await call(STANDBY, "cloudfront")).status).toBe(REFUSAL_STATUS);
    expect((await call(STANDBY, "ec2")).status).toBe(200);
    expect(proxy.requests.map((r: any) => `${r.service}:${r.reaches}:${r.refused ? "refused" : "forwarded"}`)).toEqual([
      "iam:global:refused",
      "route53:global:refused",
      "cloudfront:global:refused",
      `ec2:${STANDBY}:forwarded`,
    ]);
  });
});
