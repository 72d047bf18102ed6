import { blocks, Compliance, compliantIf, type Config, type Rule } from "../rule";
import { engineOf, named } from "../databases";

const MYSQL_FAMILY = /^(mysql|mariadb)/;
const ON = ["1", "on", "true"];

/** Whether a parameter group's parameters switch require_secure_transport on. */
function requiresTls(group: Config): boolean {
  return blocks(group.parameter).some(
    (p) => p.name === "require_secure_transport" && ON.includes(String(p.value).toLowerCase()),
  );
}

/**
 * MySQL accepts plain-text connections unless `require_secure_transport` is on, and RDS's default
 * parameter group leaves it off: a client that forgets TLS would send the master password and
 * every row across the VPC in clear text. An instance must use a parameter group of the stack that
 * turns it on (the default group, or one the rule cannot see, does not count).
 */
export const RdsSecureTransport: Rule = {
  id: "MS-RDS-8",
  description: "RDS MySQL and MariaDB instances refuse connections without TLS: their parameter group sets require_secure_transport = 1",
  severity: "high",
  environments: "all",
  resourceTypes: ["aws_db_instance", "aws_db_parameter_group"],
  fix: "keep { name: \"require_secure_transport\", value: \"1\" } in the parameter group Database builds, and its parameterGroupName on every instance",
  check: ({ type, config }, stack) => {
    if (type === "aws_db_parameter_group") {
      return MYSQL_FAMILY.test(String(config.family ?? "")) ? compliantIf(requiresTls(config)) : Compliance.NOT_APPLICABLE;
    }
    const engine = engineOf(config, stack);
    if (engine === undefined || !MYSQL_FAMILY.test(engine)) return Compliance.NOT_APPLICABLE;
    const group = named(stack, "aws_db_parameter_group", config.parameter_group_name, ["name", "id"], "name");
    return compliantIf(group !== undefined && requiresTls(group.config));
  },
};
