// Load balancer settings (schema `loadBalancer`): ports and the origin header.
import { HTTP_PORT, HTTPS_PORT } from "../constants";
import { check } from "./check";

/** Besides 80 and 443, the HTTP ports CloudFront connects to a custom origin (our ALB listener) on. */
const CLOUDFRONT_ORIGIN_PORT_RANGE = { min: 1024, max: 65535 } as const;

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

export const checkLoadBalancer = check(["loadBalancer"], (s, problem) => {
  const port = s.loadBalancer.listenerPort;
  if (port !== HTTP_PORT && port !== HTTPS_PORT && (port < CLOUDFRONT_ORIGIN_PORT_RANGE.min || port > CLOUDFRONT_ORIGIN_PORT_RANGE.max)) {
    problem(
      "loadBalancer.listenerPort",
      port,
      `must be ${HTTP_PORT}, ${HTTPS_PORT} or ${CLOUDFRONT_ORIGIN_PORT_RANGE.min} to ${CLOUDFRONT_ORIGIN_PORT_RANGE.max} (the HTTP ports CloudFront connects to a custom origin on)`,
    );
  }
  if (!HEADER_NAME.test(s.loadBalancer.originHeaderName)) {
    problem("loadBalancer.originHeaderName", s.loadBalancer.originHeaderName, "must be an HTTP header name (letters, digits, hyphens)");
  }
});
