/** Helpers shared by the RDS rules that look past one resource (MS-RDS-8, MS-RDS-9). */
import { type Config, isReadReplica, referenceTo, type StackView, type SynthesizedResource } from "./rule";

/** The resource of `type` in the stack that `value` names: by a reference to one of `attributes`, or by its literal `name`. */
export function named(stack: StackView, type: string, value: unknown, attributes: readonly string[], nameKey: string): SynthesizedResource | undefined {
  if (value === undefined || value === null) return undefined;
  return stack
    .resources(type)
    .find((r) => attributes.some((a) => value === referenceTo(r, a)) || (typeof value === "string" && r.config[nameKey] === value));
}

/** The source instance of a read replica, when it is in the stack. */
export function sourceOf(config: Config, stack: StackView): SynthesizedResource | undefined {
  if (!isReadReplica(config)) return undefined;
  return named(stack, "aws_db_instance", config.replicate_source_db, ["identifier", "id", "arn"], "identifier");
}

/** The engine of an instance: its own, or its source's for a replica; undefined when unknown. */
export function engineOf(config: Config, stack: StackView): string | undefined {
  if (typeof config.engine === "string") return config.engine;
  const source = sourceOf(config, stack);
  return typeof source?.config.engine === "string" ? source.config.engine : undefined;
}
