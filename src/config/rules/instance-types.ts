// EC2 instance types and RDS instance classes, checked against the generated lists.
import { EC2_INSTANCE_TYPES, INSTANCE_TYPES_SOURCE, RDS_MYSQL_INSTANCE_CLASSES } from "../instance-types.generated";
import { didYouMean } from "../spelling";

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/**
 * EC2 families with Arm (Graviton) processors, which boot arm64 AMIs: a `g`
 * among the letters after the generation digits (t4g, m6g, c7gn, r8g, im4gn, is4gen, x2gd, hpc7g,
 * g5g), and a1, the first Graviton family. In g4dn, g5 or g6 (x86 GPU families) the `g` is the
 * family letter before the digit, so it does not count. p6e-gb200 pairs NVIDIA's Grace CPU (Arm
 * Neoverse) with Blackwell GPUs (EC2 User Guide, "Accelerated computing instances", P6e-GB200),
 * so it boots arm64 too, though its `g` comes after the dash.
 */
export const ARM_FAMILY = /^(?:a1|p6e-gb\d+|[a-z]+\d+[a-z]*g[a-z]*)[.-]/;

/**
 * EC2 Mac instances (mac1, mac2, mac-m4, ...) run only macOS AMIs, on a Dedicated Host (EC2 User
 * Guide, "Amazon EC2 Mac instances"): Amazon Linux, which the web servers' user data is written
 * for, does not boot on them, and the fleet allocates no host. They are in EC2's list, so the
 * list alone does not refuse them.
 */
const MAC_FAMILY = /^mac[\w-]*\./;

const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Where the lists of types and classes come from, and how to bring them up to date. */
const LIST_SOURCE = `src/config/instance-types.generated.ts, from ${INSTANCE_TYPES_SOURCE.package} ${INSTANCE_TYPES_SOURCE.version} of ${INSTANCE_TYPES_SOURCE.date}; a newer one: run node scripts/refresh-instance-types.js`;

const EC2_TYPES: ReadonlySet<string> = new Set(EC2_INSTANCE_TYPES);

const RDS_CLASSES: ReadonlySet<string> = new Set(RDS_MYSQL_INSTANCE_CLASSES);

/** Why `type` is not an EC2 instance type, if it is not: checked against EC2's own list, with the nearest names. */
export function instanceTypeRule(type: string): string | undefined {
  if (MAC_FAMILY.test(type)) {
    return "is an EC2 Mac instance, which runs only macOS on a Dedicated Host: the web servers boot Amazon Linux; choose another type (like t3.micro, or t4g.micro for Arm)";
  }
  if (EC2_TYPES.has(type)) return undefined;
  const near = didYouMean(type, EC2_INSTANCE_TYPES);
  if (near) return `is not an EC2 instance type${near}`;
  if (!INSTANCE_TYPE.test(type)) return "is not an EC2 instance type (like t3.micro)";
  return sizesRule(type, EC2_INSTANCE_TYPES) ?? `is not an EC2 instance type in the list of ${LIST_SOURCE}`;
}

/** Why `instanceClass` is not an RDS for MySQL instance class, if it is not. */
export function instanceClassRule(instanceClass: string): string | undefined {
  if (RDS_CLASSES.has(instanceClass)) return undefined;
  // `t3.micro` for `db.t3.micro`: the EC2 type of the class.
  const near = RDS_CLASSES.has(`db.${instanceClass}`) ? ` (did you mean db.${instanceClass}?)` : didYouMean(instanceClass, RDS_MYSQL_INSTANCE_CLASSES);
  if (near) return `is not an RDS for MySQL instance class${near}`;
  if (!DB_INSTANCE_CLASS.test(instanceClass)) return "is not an RDS instance class (like db.t3.micro)";
  return sizesRule(instanceClass, RDS_MYSQL_INSTANCE_CLASSES) ?? `is not an RDS for MySQL instance class in the list of ${LIST_SOURCE}`;
}

/** For a known family and an unknown size (`t3.huge`, `db.t3.nano`): the sizes the family has. */
function sizesRule(name: string, known: readonly string[]): string | undefined {
  const family = name.slice(0, name.lastIndexOf(".") + 1);
  const sizes = known.filter((other) => other.startsWith(family)).map((other) => other.slice(family.length));
  return sizes.length ? `is not a size of ${family.slice(0, -1)} (its sizes: ${sizes.join(", ")}) in the list of ${LIST_SOURCE}` : undefined;
}

/** The AMI architecture an instance type boots. */
export function architectureOf(instanceType: string): "x86_64" | "arm64" {
  return ARM_FAMILY.test(instanceType) ? "arm64" : "x86_64";
}
