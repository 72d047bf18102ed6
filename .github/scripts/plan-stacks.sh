#!/usr/bin/env bash
# Plan each stack of the synthesized app, keep every plan that could be made, and fail once at
# the end naming the stacks that could not (or, with --fail-on-changes, that would change).
#
#   plan-stacks.sh [--fail-on-changes] [stack ...]    # no stack: every stack of the manifest
#
# One failing stack (a deploy holding its lock, a standby bucket not bootstrapped yet, a missing
# permission) must not cost the reviewers the plans of the others: so no `set -e`; each step's
# status is checked and the loop goes on.
#
# Environment:
#   MANIFEST            cdktf's manifest (default cdktf.out/manifest.json); stacks in <its folder>/stacks/<stack>
#   STATE_STACK         the bootstrap stack, never planned here: its state is local (docs/deploy-and-ci.md "Deploy")
#   TF_BACKEND_CONFIG   optional partial backend settings, one key=value a line, each an -backend-config
#   PLANS_DIR           where the results go (default plans): <stack>.txt (the plan as text, sensitive
#                       values masked), <stack>.summary.json (counts and addresses), <stack>.failed,
#                       summary.md (the report); the binary plan stays in the stack's folder as tfplan
#   OPTIONAL_STACKS     stacks (space-separated) whose failure is reported but does not fail the run
#   GITHUB_STEP_SUMMARY when set (GitHub Actions), the report is appended to it
#
# Plans run with -lock=false. A plan takes no lock it does not need: nothing applies these plans
# without Terraform checking that the state is still the one they were made from (a saved plan of
# a changed state is refused as stale), and S3 replaces an object in one step, so a plan never
# reads half a state. A lock taken by a plan that is then cancelled (a newer push, a timeout)
# stays behind until someone runs `terraform force-unlock`, and every deploy of that stack waits
# for it and fails; and without locks the plan role needs no write access anywhere.
set -uo pipefail

fail_on_changes=false
if [ "${1:-}" = "--fail-on-changes" ]; then
  fail_on_changes=true
  shift
fi

manifest=${MANIFEST:-cdktf.out/manifest.json}
out_root=$(dirname "$manifest")
plans=$(mkdir -p "${PLANS_DIR:-plans}" && cd "${PLANS_DIR:-plans}" && pwd)
summary_js="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/plan-summary.js"

if [ "$#" -gt 0 ]; then
  stacks=("$@")
else
  # Not a process substitution: its failure would go unnoticed and plan nothing, successfully.
  names=$(jq -r '.stacks | keys[]' "$manifest") || { echo "::error::cannot read the stacks of $manifest: run npm run synth first"; exit 1; }
  mapfile -t stacks <<< "$names"
fi

backend_args=()
while IFS= read -r line; do
  [ -n "$line" ] && backend_args+=("-backend-config=$line")
done <<< "${TF_BACKEND_CONFIG:-}"

failed=()
changed=()
optional_failed=()

# Records a stack that could not be planned: the step, and the end of its output for the report.
record_failure() {
  local stack=$1 step=$2 log=$3
  { echo "$step failed:"; tail -n 25 "$log"; } > "$plans/$stack.failed"
  if [[ " ${OPTIONAL_STACKS:-} " == *" $stack "* ]]; then
    optional_failed+=("$stack")
    echo "::warning::$stack: terraform $step failed (an optional stack: the run goes on)"
  else
    failed+=("$stack")
    echo "::error::$stack: terraform $step failed"
  fi
}

for stack in "${stacks[@]}"; do
  if [ "$stack" = "${STATE_STACK:-}" ]; then
    echo "::notice::$stack skipped: the bootstrap stack keeps local state"
    continue
  fi
  dir="$out_root/stacks/$stack"
  log="$plans/$stack.log"
  rm -f "$plans/$stack.failed" "$plans/$stack.summary.json" "$plans/$stack.txt"
  echo "::group::$stack"
  if [ ! -d "$dir" ]; then
    echo "no folder $dir: not a stack of this synth" > "$log"
    record_failure "$stack" init "$log"
    echo "::endgroup::"
    continue
  fi
  terraform -chdir="$dir" init -input=false "${backend_args[@]}" 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    record_failure "$stack" init "$log"
    echo "::endgroup::"
    continue
  fi
  rm -f "$dir/tfplan" # never hand on the plan of an earlier run
  # -detailed-exitcode: 0 no changes, 2 changes, 1 error (Terraform's "plan" command reference).
  terraform -chdir="$dir" plan -input=false -lock=false -detailed-exitcode -out=tfplan 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    record_failure "$stack" plan "$log"
    echo "::endgroup::"
    continue
  fi
  [ "$status" -eq 2 ] && changed+=("$stack")
  # Text for people (sensitive values masked); the JSON, which holds them in plain text, only
  # passes through the summary and is never written down.
  if ! terraform -chdir="$dir" show -no-color tfplan > "$plans/$stack.txt" 2> "$log" ||
    ! terraform -chdir="$dir" show -json tfplan 2> "$log" | node "$summary_js" "$stack" --json > "$plans/$stack.summary.json"; then
    rm -f "$plans/$stack.summary.json"
    record_failure "$stack" show "$log"
  fi
  rm -f "$log"
  echo "::endgroup::"
done

node "$summary_js" --report "$plans" > "$plans/summary.md"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$plans/summary.md" >> "$GITHUB_STEP_SUMMARY"

status=0
if [ "${#failed[@]}" -gt 0 ]; then
  echo "::error::Not planned: ${failed[*]} (the plans of the other stacks are kept)"
  status=1
fi
[ "${#optional_failed[@]}" -gt 0 ] && echo "::warning::Not planned (optional): ${optional_failed[*]}"
if $fail_on_changes && [ "${#changed[@]}" -gt 0 ]; then
  echo "::error::Changes pending (drift, or code not yet applied): ${changed[*]}"
  status=1
fi
exit "$status"
