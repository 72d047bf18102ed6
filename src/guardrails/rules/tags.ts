import { DEFAULT_TAG_KEYS } from "../../config/constants";
import { Compliance, compliantIf, type Rule } from "../rule";

/** An untagged resource belongs to nobody in the bill and is the first one a clean-up deletes. */
export const ResourcesTagged: Rule = {
  id: "MS-TAG-1",
  description: `Every taggable AWS resource carries ${DEFAULT_TAG_KEYS.join(", ")} (from the provider's default_tags or its own tags)`,
  severity: "low",
  environments: "all",
  resourceTypes: ["*"],
  fix: "give the AWS provider defaultTags with Project, Environment and ManagedBy (MultipleServerStack does), or tag the resource",
  check: (resource, stack) => {
    if (!resource.type.startsWith("aws_") || !resource.taggable) return Compliance.NOT_APPLICABLE;
    const own = typeof resource.config.tags === "object" && resource.config.tags !== null ? resource.config.tags : {};
    const tags = { ...stack.defaultTags(resource), ...own };
    return compliantIf(DEFAULT_TAG_KEYS.every((key) => typeof tags[key] === "string" && tags[key] !== ""));
  },
};
