import { synthesize } from "./src/app";
import { ConfigError } from "./src/config/errors";
import { GuardrailError } from "./src/guardrails";

// The app cdktf runs (see cdktf.json). A user's configuration mistake or a broken guardrail is
// reported as the list of problems it is, without a stack trace; anything else is a bug and keeps its trace.
try {
  const stacks = synthesize({ onNotice: (message) => console.log(message) });
  console.log(`Synthesized ${stacks.join(", ")}`);
} catch (error) {
  if (error instanceof ConfigError || error instanceof GuardrailError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
