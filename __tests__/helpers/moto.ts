/**
 * A call of an AWS JSON-protocol API (KMS, Secrets Manager) on verify's moto, over raw HTTP as the
 * provider's SDK sends it: moto reads the region and service from the SigV4 scope and checks no
 * signature. Resolves with the parsed answer; a non-200 answer rejects with its body.
 */
export async function jsonCall(endpoint: string, service: string, targetPrefix: string, region: string, action: string, body: object): Promise<any> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${targetPrefix}.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=verify/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status !== 200) throw new Error(`${action}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
