// User tags (schema `tags`): AWS's limits on keys, values, characters and count.
import { AWS_RESERVED_TAG_PREFIX, DEFAULT_TAG_KEYS, NAME_TAG_KEY } from "../constants";
import { check } from "./check";

/** Longest tag key and value AWS accepts, in characters, on every taggable resource. */
const TAG_KEY_MAX = 128;

const TAG_VALUE_MAX = 256;

/** Most tags AWS allows on one resource. */
const TAGS_PER_RESOURCE_MAX = 50;

/** Tag keys the stack writes on a resource itself: the default tags and its Name. */
const STACK_TAG_KEYS: readonly string[] = [...DEFAULT_TAG_KEYS, NAME_TAG_KEY];

/** User tags that fit beside the stack's own within AWS's limit per resource (46). */
const MAX_USER_TAGS = TAGS_PER_RESOURCE_MAX - STACK_TAG_KEYS.length;

/**
 * Characters every tagged service accepts in tag keys and values (EC2 alone allows more, but IAM,
 * S3, RDS and CloudWatch Logs do not): Unicode letters, digits and spaces, and _ . : / = + - @.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const TAG_CHARACTERS_RULE = "letters, digits, spaces and _ . : / = + - @";

/** `tags.CostCenter`, or `tags["aws:x"]` when the key is not a plain word. */
function tagPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `tags.${key}` : `tags[${JSON.stringify(key)}]`;
}

export const checkTags = check(["tags"], (s, problem) => {
  const keys = Object.keys(s.tags);
  if (keys.length > MAX_USER_TAGS) {
    problem(
      "tags",
      keys,
      `has ${keys.length} tags; AWS allows ${TAGS_PER_RESOURCE_MAX} per resource and the stack adds ${STACK_TAG_KEYS.length} (${STACK_TAG_KEYS.join(", ")}), so at most ${MAX_USER_TAGS}`,
    );
  }
  for (const [key, value] of Object.entries(s.tags)) {
    const path = tagPath(key);
    // IAM compares tag keys without case: `environment` beside the stack's Environment is refused.
    const stackKey = STACK_TAG_KEYS.find((own) => own.toLowerCase() === key.toLowerCase());
    if (key === "") problem(path, value, "has an empty key (AWS requires one)");
    else if (key.toLowerCase().startsWith(AWS_RESERVED_TAG_PREFIX)) {
      problem(path, value, `has a key starting with ${AWS_RESERVED_TAG_PREFIX}, a prefix AWS reserves for its own tags`);
    } else if (DEFAULT_TAG_KEYS.includes(key)) {
      problem(path, value, `is set by the stack on every resource (${DEFAULT_TAG_KEYS.join(", ")}), so this value would be silently replaced; use another key`);
    } else if (key === NAME_TAG_KEY) {
      problem(path, value, "is set by every resource to its own name, so this value would be silently replaced; use another key");
    } else if (stackKey) {
      problem(path, value, `differs from the stack's own ${stackKey} tag only in case, and IAM tag keys ignore case (a role cannot carry both); use another key`);
    } else if (!TAG_CHARACTERS.test(key)) {
      problem(path, value, `has a key with characters some tagged services refuse (allowed: ${TAG_CHARACTERS_RULE})`);
    }
    const keyLength = [...key].length;
    if (keyLength > TAG_KEY_MAX) problem(path, value, `has a key ${keyLength} characters long (AWS allows ${TAG_KEY_MAX})`);
    if (!TAG_CHARACTERS.test(value)) problem(path, value, `has characters some tagged services refuse (allowed: ${TAG_CHARACTERS_RULE})`);
    const valueLength = [...value].length;
    if (valueLength > TAG_VALUE_MAX) problem(path, value, `is ${valueLength} characters long (AWS allows ${TAG_VALUE_MAX})`);
  }
});
