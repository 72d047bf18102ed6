import { XMLParser } from "fast-xml-parser";

/**
 * Just enough of the S3 and DynamoDB wire protocols to look into the servers the integration
 * tests start (s3rver, dynalite) independently of terraform. Plain HTTP instead of the AWS SDK:
 * the SDK's types alone were half the files `tsc` reads, for three calls. Requests go unsigned:
 * s3rver does not ask for a signature, and dynalite wants an Authorization header and a date but
 * checks no signature (both hold only what the test writes, on 127.0.0.1).
 */

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === "Contents" });

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/** Keys of every object in `bucket` (ListObjectsV2; the tests hold far fewer than a page). */
export async function s3Keys(endpoint: string, bucket: string): Promise<string[]> {
  const response = await ok(await fetch(`${endpoint}/${bucket}?list-type=2`), `list ${bucket}`);
  const result = xml.parse(await response.text()).ListBucketResult;
  return (result.Contents ?? []).map((object: { Key: string }) => object.Key);
}

/** The object `key` of `bucket`, parsed as JSON (state files and lock objects are JSON). */
export async function s3Json(endpoint: string, bucket: string, key: string): Promise<any> {
  const path = key.split("/").map(encodeURIComponent).join("/");
  return (await ok(await fetch(`${endpoint}/${bucket}/${path}`), `get ${bucket}/${key}`)).json();
}

/** One DynamoDB API call (`CreateTable`, `PutItem`, ...) with its JSON request, as the SDK sends it. */
export async function dynamodb(endpoint: string, operation: string, request: object): Promise<any> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "X-Amz-Target": `DynamoDB_20120810.${operation}`,
      Authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/ap-northeast-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=unsigned",
      "X-Amz-Date": new Date().toISOString().replace(/[-:]|\.\d+/g, ""),
    },
    body: JSON.stringify(request),
  });
  return (await ok(response, `DynamoDB ${operation}`)).json();
}
