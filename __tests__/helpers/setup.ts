import { Testing } from "../../src/cdk";

// The cdktf matchers (toHaveResourceWithProperties, toBeValidTerraform, ...) for every test file.
Testing.setupJest();

// cdktf (and constructs) record a full creation stack for every token and construct by capturing
// a trace into a plain object `{ stack: "" }`. Under jest each of those traces goes through
// source-map formatting: most of a synth's time, in every test that synthesizes. Those traces
// only decorate cdktf's errors about unresolvable tokens, so they are left empty here; a real
// error (anything with V8's error slot, from any realm) is formatted as before, so failing tests
// keep their mapped traces.
const formatTrace = Error.prepareStackTrace;
if (formatTrace) {
  Error.prepareStackTrace = (error, frames) =>
    Object.prototype.toString.call(error) === "[object Error]" ? formatTrace(error, frames) : "";
}
