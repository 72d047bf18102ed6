"use strict";
// Before verify destroys what it applied to the emulator, it lifts deletion protection as an
// operator would, by one API call per protected resource, instead of a targeted `terraform apply`
// of the unprotected configuration: that apply modified each database through the provider, whose
// RDS waiter polls until the instance is available again (minutes a stack on a loaded runner), for
// a change the destroy then throws away. `prevent_destroy` is configuration only: the destroy runs
// on a copy with it lifted (working-copy.js `unprotected`).

/** The protected resources of a state (`terraform show -json`): { type, region, call } each. */
function protectedResources(state) {
  const resources = [];
  const walk = (module) => {
    for (const resource of module?.resources ?? []) if (resource.mode === "managed") resources.push(resource);
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(state.values?.root_module);
  const regionOf = (arn) => String(arn ?? "").split(":")[3];
  const found = [];
  for (const { type, address, values } of resources) {
    // RDS API Reference, ModifyDBInstance: DeletionProtection; applied at once (it is not a pending modification).
    if (type === "aws_db_instance" && values.deletion_protection) {
      found.push({ address, region: regionOf(values.arn), service: "rds", params: { Action: "ModifyDBInstance", Version: "2014-10-31", DBInstanceIdentifier: values.identifier, DeletionProtection: "false", ApplyImmediately: "true" } });
    }
    // ELBv2 API Reference, ModifyLoadBalancerAttributes: deletion_protection.enabled.
    if (type === "aws_lb" && values.enable_deletion_protection) {
      const params = { Action: "ModifyLoadBalancerAttributes", Version: "2015-12-01", LoadBalancerArn: values.arn, "Attributes.member.1.Key": "deletion_protection.enabled", "Attributes.member.1.Value": "false" };
      found.push({ address, region: regionOf(values.arn), service: "elasticloadbalancing", params });
    }
    // DynamoDB API Reference, UpdateTable: DeletionProtectionEnabled (JSON protocol).
    if (type === "aws_dynamodb_table" && values.deletion_protection_enabled) {
      found.push({ address, region: regionOf(values.arn), service: "dynamodb", target: "DynamoDB_20120810.UpdateTable", body: { TableName: values.name, DeletionProtectionEnabled: false } });
    }
  }
  return found;
}

/**
 * One request to the emulator. moto's server picks the service and region from the SigV4
 * credential scope of the Authorization header (it checks no signature), as AWS routes by host.
 */
async function call(endpoint, resource) {
  const scope = `verify/20260101/${resource.region}/${resource.service}/aws4_request`;
  const headers = { authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0` };
  let body;
  if (resource.target) {
    headers["x-amz-target"] = resource.target;
    headers["content-type"] = "application/x-amz-json-1.0";
    body = JSON.stringify(resource.body);
  } else {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(resource.params).toString();
  }
  const response = await fetch(`${endpoint}/`, { method: "POST", headers, body });
  if (response.status >= 300) throw new Error(`lifting deletion protection of ${resource.address}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
}

/** Lifts the deletion protection of every protected resource of `state` in the emulator; returns their addresses. */
async function liftDeletionProtection(endpoint, state) {
  const found = protectedResources(state);
  for (const resource of found) await call(endpoint, resource);
  return found.map((resource) => resource.address);
}

module.exports = { protectedResources, liftDeletionProtection };
