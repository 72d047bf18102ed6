import * as fs from "node:fs";
import * as path from "node:path";
import { skippedSuite } from "../integration/terraform";

/**
 * The CloudFront VPC origins verify's launcher adds to moto (scripts/verify/cloudfront_vpc_origins.py),
 * driven over raw HTTP with the CloudFront API's XML bodies, as the AWS provider calls them:
 * create, the waiter's reads until "Deployed", an update under If-Match, a distribution whose origin
 * names the VPC origin and reads it back, and the delete that ends on EntityNotFound. Needs
 * verify's venv (moto): where it is missing the suite says so and skips.
 */
const ROOT = path.join(__dirname, "..", "..");
const { startEmulator } = require(path.join(ROOT, "scripts", "verify", "emulator.js"));

const python = path.join(ROOT, ".verify", "venv", "bin", "python");
const API = "/2020-05-31";
const NAMESPACE = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
// moto's default account (moto/core/models.py DEFAULT_ACCOUNT_ID): the VPC origin's ARN names it.
const ACCOUNT = "123456789012";
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/9f3c2a1e-0000-4000-8000-000000000000`;
const LOAD_BALANCER = `arn:aws:elasticloadbalancing:ap-northeast-2:${ACCOUNT}:loadbalancer/app/internal-web/50dc6c495c0c9188`;
// moto reads the service from the signature's scope; the signature itself is not checked.
const AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=verify/20260101/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=0";
const START_TIMEOUT_MS = 90_000;

type Answer = { status: number; etag: string | null; location: string | null; body: string };

/** The text of the first <name> element of `xml` (the shapes here nest no element in one of the same name). */
const text = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

const endpointConfig = (name: string, httpPort: number) =>
  `<VpcOriginEndpointConfig><Name>${name}</Name><Arn>${LOAD_BALANCER}</Arn><HTTPPort>${httpPort}</HTTPPort><HTTPSPort>443</HTTPSPort>` +
  `<OriginProtocolPolicy>https-only</OriginProtocolPolicy>` +
  `<OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols></VpcOriginEndpointConfig>`;

const distributionConfig = (vpcOriginId: string) =>
  `<DistributionConfig xmlns="${NAMESPACE}"><CallerReference>vpc-origins-test</CallerReference><Comment></Comment><Enabled>true</Enabled>` +
  `<Origins><Quantity>1</Quantity><Items><Origin><Id>alb</Id><DomainName>internal-web-1.ap-northeast-2.elb.amazonaws.com</DomainName>` +
  `<VpcOriginConfig><VpcOriginId>${vpcOriginId}</VpcOriginId><OriginReadTimeout>45</OriginReadTimeout><OriginKeepaliveTimeout>7</OriginKeepaliveTimeout></VpcOriginConfig>` +
  `</Origin></Items></Origins>` +
  `<DefaultCacheBehavior><TargetOriginId>alb</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>` +
  `<CachePolicyId>4135ea2d-6df8-44a3-9df3-4b5a84be39ad</CachePolicyId></DefaultCacheBehavior>` +
  `<ViewerCertificate><ACMCertificateArn>${CERTIFICATE}</ACMCertificateArn><SSLSupportMethod>sni-only</SSLSupportMethod></ViewerCertificate></DistributionConfig>`;

if (!fs.existsSync(python)) {
  skippedSuite("CloudFront VPC origins in verify's moto", "verify's venv is not installed (`npm run verify` installs it)", () => !fs.existsSync(python));
} else {
  describe("CloudFront VPC origins in verify's moto", () => {
    let emulator: { endpoint: string; stop: () => Promise<void> };
    const call = async (method: string, route: string, body?: string, ifMatch?: string): Promise<Answer> => {
      const headers: Record<string, string> = { authorization: AUTHORIZATION, "content-type": "application/xml" };
      if (ifMatch !== undefined) headers["if-match"] = ifMatch;
      const response = await fetch(`${emulator.endpoint}${API}${route}`, { method, headers, body });
      return { status: response.status, etag: response.headers.get("etag"), location: response.headers.get("location"), body: await response.text() };
    };
    // The one VPC origin each step below carries forward: its id and the ETag of its last answer.
    let id = "";
    let etag = "";
    let distributionId = "";

    beforeAll(async () => {
      emulator = await startEmulator(python);
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      await emulator?.stop();
    });

    it("creates one (202) with an id of AWS's form, its ARN, an ETag, and status Deploying", async () => {
      const body =
        `<?xml version="1.0" encoding="UTF-8"?><CreateVpcOriginRequest xmlns="${NAMESPACE}">${endpointConfig("web", 80)}` +
        `<Tags><Items><Tag><Key>Environment</Key><Value>test</Value></Tag></Items></Tags></CreateVpcOriginRequest>`;
      const created = await call("POST", "/vpc-origin", body);
      expect(created.status).toBe(202);
      id = text(created.body, "Id")!;
      expect(id).toMatch(/^vo_[A-Za-z0-9]{22}$/);
      expect(created.body).toContain(`<Arn>arn:aws:cloudfront::${ACCOUNT}:vpcorigin/${id}</Arn>`);
      expect(created.location).toBe(`https://cloudfront.amazonaws.com${API}/vpc-origin/${id}`);
      expect(created.etag).toMatch(/^[A-Z0-9]{14}$/);
      etag = created.etag!;
      expect(text(created.body, "Status")).toBe("Deploying");
    });

    it("reads it back Deployed (the provider's waiter), under the same ETag, with the endpoint as sent", async () => {
      const read = await call("GET", `/vpc-origin/${id}`);
      expect(read.status).toBe(200);
      expect(text(read.body, "Status")).toBe("Deployed");
      expect(read.etag).toBe(etag);
      expect(text(read.body, "Name")).toBe("web");
      expect(read.body).toContain(`<Arn>${LOAD_BALANCER}</Arn>`);
      expect(text(read.body, "HTTPPort")).toBe("80");
      expect(text(read.body, "OriginProtocolPolicy")).toBe("https-only");
      expect(text(read.body, "SslProtocol")).toBe("TLSv1.2");
    });

    it("keeps the request's tags on its ARN (ListTagsForResource, the provider's tags)", async () => {
      const tags = await call("GET", `/tagging?Resource=${encodeURIComponent(`arn:aws:cloudfront::${ACCOUNT}:vpcorigin/${id}`)}`);
      expect(tags.status).toBe(200);
      expect(text(tags.body, "Key")).toBe("Environment");
      expect(text(tags.body, "Value")).toBe("test");
    });

    it("refuses an update under an empty If-Match (InvalidIfMatchVersion) or another ETag (PreconditionFailed, 412)", async () => {
      // An empty one: without the header at all moto's router finds no operation (moto/core/routing.py
      // makes an input's required headers routing constraints) and answers a bare 404.
      const empty = await call("PUT", `/vpc-origin/${id}`, endpointConfig("web", 8080), "");
      expect(text(empty.body, "Code")).toBe("InvalidIfMatchVersion");
      const stale = await call("PUT", `/vpc-origin/${id}`, endpointConfig("web", 8080), "NOTTHEETAG0000");
      expect(stale.status).toBe(412);
      expect(text(stale.body, "Code")).toBe("PreconditionFailed");
    });

    it("updates it under its ETag (202): a new ETag, Deploying again, then Deployed with the new settings", async () => {
      const updated = await call("PUT", `/vpc-origin/${id}`, endpointConfig("web", 8080), etag);
      expect(updated.status).toBe(202);
      expect(updated.etag).toMatch(/^[A-Z0-9]{14}$/);
      expect(updated.etag).not.toBe(etag);
      expect(text(updated.body, "Status")).toBe("Deploying");
      etag = updated.etag!;
      const read = await call("GET", `/vpc-origin/${id}`);
      expect(text(read.body, "Status")).toBe("Deployed");
      expect(text(read.body, "HTTPPort")).toBe("8080");
      expect(read.etag).toBe(etag);
    });

    it("lists it by its summary", async () => {
      const list = await call("GET", "/vpc-origin");
      expect(list.status).toBe(200);
      expect(text(list.body, "Quantity")).toBe("1");
      expect(text(list.body, "Id")).toBe(id);
      expect(text(list.body, "OriginEndpointArn")).toBe(LOAD_BALANCER);
    });

    it("keeps a distribution origin's VpcOriginConfig and answers it back (moto itself dropped it)", async () => {
      const created = await call("POST", "/distribution", `<?xml version="1.0" encoding="UTF-8"?>${distributionConfig(id)}`);
      expect(created.status).toBe(201);
      distributionId = text(created.body, "Id")!;
      const config = await call("GET", `/distribution/${distributionId}/config`);
      expect(text(config.body, "VpcOriginId")).toBe(id);
      expect(text(config.body, "OriginReadTimeout")).toBe("45");
      expect(text(config.body, "OriginKeepaliveTimeout")).toBe("7");
    });

    it("reads that distribution's own certificate back without CloudFront's default one (scripts/verify/read_backs.py)", async () => {
      const config = await call("GET", `/distribution/${distributionId}/config`);
      expect(text(config.body, "ACMCertificateArn")).toBe(CERTIFICATE);
      expect(text(config.body, "CloudFrontDefaultCertificate")).toBe("false");
    });

    it("refuses to update or delete it while that distribution uses it (409, as CloudFront does)", async () => {
      const update = await call("PUT", `/vpc-origin/${id}`, endpointConfig("web", 80), etag);
      expect(update.status).toBe(409);
      expect(text(update.body, "Code")).toBe("CannotUpdateEntityWhileInUse");
      const remove = await call("DELETE", `/vpc-origin/${id}`, undefined, etag);
      expect(remove.status).toBe(409);
      expect(text(remove.body, "Code")).toBe("CannotDeleteEntityWhileInUse");
    });

    it("deletes it (202) once the distribution is gone; then it is EntityNotFound (404), which ends the provider's delete waiter", async () => {
      const distribution = await call("GET", `/distribution/${distributionId}`);
      expect((await call("DELETE", `/distribution/${distributionId}`, undefined, distribution.etag!)).status).toBe(204);
      const deleted = await call("DELETE", `/vpc-origin/${id}`, undefined, etag);
      expect(deleted.status).toBe(202);
      const read = await call("GET", `/vpc-origin/${id}`);
      expect(read.status).toBe(404);
      expect(text(read.body, "Code")).toBe("EntityNotFound");
      expect(text((await call("GET", "/vpc-origin")).body, "Quantity")).toBe("0");
    });
  });
}
